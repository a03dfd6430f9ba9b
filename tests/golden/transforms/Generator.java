// Writes the outcome of the golden EventRouter, ExtractNewRecordState and ByLogicalTableRouter cases
// (tests/golden/transforms/<Name>/*.json) by running the real Debezium 3.6.1.Final transforms
// (debezium-connect-plugins) on the Kafka Connect 4.3.0 API. Run through generate.sh, which resolves the
// jars. The case notation is tests/golden/README.md's; this program reads it into a Java SourceRecord,
// applies the transform as Kafka Connect's worker would (validate the config against the transform's
// ConfigDef, configure, apply) and writes back exactly one outcome member:
//   expected | expected_dropped | expected_error (+ expected_error_class)
//   | expected_config_error (+ expected_error_class)
// plus "expected_from". A case holding "not_generated": "why" is one the notation cannot carry to the
// real transform; it is left alone. With --check nothing is written: a case whose generated members
// differ from the file's is reported and the exit status is 1.
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.File;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

public class Generator {
  static final String FROM = "debezium-connect-plugins 3.6.1.Final on connect-api 4.3.0";
  static final List<String> OUTCOMES = List.of(
      "expected", "expected_dropped", "expected_error", "expected_config_error", "expected_error_class");

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  // Python's json.dumps(indent=2) layout, which every case file has: "k": v, [] and {} when empty.
  static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(
      Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  /** The notation cannot carry this case to Java or back. */
  static final class Inexpressible extends RuntimeException {
    Inexpressible(String why) {
      super(why);
    }
  }

  static final Map<String, JsonNode> LIBRARY = new LinkedHashMap<>();
  // Library schemas (and their optional variants) in full notation, to write "@name" back.
  static final Map<JsonNode, String> REFS = new LinkedHashMap<>();

  public static void main(String[] args) throws Exception {
    boolean check = false;
    List<String> files = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--check")) {
        check = true;
      } else {
        files.add(a);
      }
    }
    File root = new File(files.get(0)).getAbsoluteFile().getParentFile().getParentFile();
    ObjectNode schemas = (ObjectNode) MAPPER.readTree(new File(root, "schemas.json"));
    schemas.fields().forEachRemaining(e -> LIBRARY.put(e.getKey(), e.getValue()));
    for (String name : LIBRARY.keySet()) {
      Schema s = schema(new TextNode("@" + name));
      REFS.putIfAbsent(full(s), "@" + name);
      REFS.putIfAbsent(full(optionalOf(s)), "@" + name + "?");
    }
    int generated = 0;
    int skipped = 0;
    List<String> stale = new ArrayList<>();
    for (String arg : files) {
      File f = new File(arg);
      ObjectNode c = (ObjectNode) MAPPER.readTree(f);
      if (c.has("not_generated")) {
        ++skipped;
        continue;
      }
      ObjectNode want;
      try {
        want = generate(c);
      } catch (Inexpressible e) {
        stale.add(arg + ": the notation cannot express Debezium's outcome (" + e.getMessage()
            + "); mark the case \"not_generated\" with the reason");
        continue;
      } catch (RuntimeException e) {
        throw new RuntimeException(arg + ": " + e, e);
      }
      if (check) {
        // Compare as the file would hold it (an int and a long of the same value are different JsonNodes).
        want = (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(want));
        for (String k : OUTCOMES) {
          if (!java.util.Objects.equals(c.get(k), want.get(k))) {
            stale.add(arg + ": " + k + " is " + c.get(k) + ", Debezium gives " + want.get(k));
          }
        }
        if (!want.get("expected_from").equals(c.get("expected_from"))) {
          stale.add(arg + ": expected_from is " + c.get("expected_from"));
        }
      } else {
        Files.writeString(f.toPath(), MAPPER.writer(PRINTER).writeValueAsString(want) + "\n");
      }
      ++generated;
    }
    if (check) {
      stale.forEach(System.out::println);
      System.out.println(generated + " cases checked against Debezium, " + stale.size() + " stale, "
          + skipped + " marked not_generated");
      System.exit(stale.isEmpty() ? 0 : 1);
    }
    stale.forEach(System.out::println);
    System.out.println("generated " + generated + " cases, " + skipped + " marked not_generated");
    System.exit(stale.isEmpty() ? 0 : 1);
  }

  // The case with its outcome members replaced by what the real transform does; member order is kept
  // (description, type, config, input, then the outcome).
  static ObjectNode generate(ObjectNode c) throws Exception {
    ObjectNode out = MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!OUTCOMES.contains(e.getKey()) && !e.getKey().equals("expected_from")) {
        out.set(e.getKey(), e.getValue());
      }
    }
    Map<String, String> config = new LinkedHashMap<>();
    if (c.has("config")) {
      c.get("config").fields().forEachRemaining(
          e -> config.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    @SuppressWarnings("unchecked")
    Transformation<SourceRecord> t = (Transformation<SourceRecord>) Class.forName(c.get("type").asText())
        .getDeclaredConstructor().newInstance();
    try {
      // Kafka Connect validates a transform's keys against its ConfigDef (ConnectorConfig.enrich) before
      // configure(); the first error is what a failed connector creation reports.
      for (ConfigValue v : t.config().validate(config)) {
        if (!v.errorMessages().isEmpty()) {
          throw new org.apache.kafka.common.config.ConfigException(v.errorMessages().get(0));
        }
      }
      t.configure(config);
    } catch (Exception e) {
      out.put("expected_config_error", e.getMessage());
      out.put("expected_error_class", e.getClass().getSimpleName());
      out.put("expected_from", FROM);
      return out;
    }
    SourceRecord input = record(c.get("input"));
    SourceRecord output;
    try {
      output = t.apply(input);
    } catch (Exception e) {
      out.put("expected_error", e.getMessage());
      out.put("expected_error_class", e.getClass().getSimpleName());
      out.put("expected_from", FROM);
      return out;
    } finally {
      t.close();
    }
    if (output == null) {
      out.put("expected_dropped", true);
    } else {
      out.set("expected", render(output, input));
    }
    out.put("expected_from", FROM);
    return out;
  }

  // ---- notation → Java

  static Schema optionalOf(Schema s) {
    SchemaBuilder b = copy(s);
    b.optional();
    return b.build();
  }

  static SchemaBuilder copy(Schema s) {
    SchemaBuilder b;
    switch (s.type()) {
      case ARRAY: b = SchemaBuilder.array(s.valueSchema()); break;
      case MAP: b = SchemaBuilder.map(s.keySchema(), s.valueSchema()); break;
      case STRUCT:
        b = SchemaBuilder.struct();
        for (Field f : s.fields()) {
          b.field(f.name(), f.schema());
        }
        break;
      default: b = SchemaBuilder.type(s.type());
    }
    if (s.name() != null) {
      b.name(s.name());
    }
    if (s.version() != null) {
      b.version(s.version());
    }
    if (s.doc() != null) {
      b.doc(s.doc());
    }
    if (s.parameters() != null) {
      b.parameters(s.parameters());
    }
    if (s.isOptional()) {
      b.optional();
    }
    if (s.defaultValue() != null) {
      b.defaultValue(s.defaultValue());
    }
    return b;
  }

  static Schema schema(JsonNode j) {
    if (j == null || j.isNull()) {
      return null;
    }
    if (j.isTextual()) {
      String s = j.asText();
      boolean optional = s.endsWith("?");
      if (optional) {
        s = s.substring(0, s.length() - 1);
      }
      if (s.startsWith("@")) {
        JsonNode def = LIBRARY.get(s.substring(1));
        if (def == null) {
          throw new IllegalArgumentException("unknown schema reference " + s);
        }
        Schema base = schema(def);
        return optional ? optionalOf(base) : base;
      }
      SchemaBuilder b = SchemaBuilder.type(Schema.Type.valueOf(s.toUpperCase()));
      return optional ? b.optional().build() : b.build();
    }
    String type = j.get("type").asText();
    SchemaBuilder b;
    if (type.equals("array")) {
      b = SchemaBuilder.array(schema(j.get("items")));
    } else if (type.equals("map")) {
      b = SchemaBuilder.map(schema(j.get("keys")), schema(j.get("values")));
    } else {
      b = SchemaBuilder.type(Schema.Type.valueOf(type.toUpperCase()));
    }
    if (j.path("optional").asBoolean(false)) {
      b.optional();
    }
    if (j.has("name")) {
      b.name(j.get("name").asText());
    }
    if (j.has("version")) {
      b.version(j.get("version").asInt());
    }
    if (j.has("doc")) {
      b.doc(j.get("doc").asText());
    }
    if (j.has("parameters")) {
      j.get("parameters").fields().forEachRemaining(e -> b.parameter(e.getKey(), e.getValue().asText()));
    }
    if (j.has("fields")) {
      for (JsonNode f : j.get("fields")) {
        if (f.has("schema")) {
          b.field(f.get("field").asText(), schema(f.get("schema")));
        } else {
          ObjectNode inner = f.deepCopy();
          inner.remove("field");
          b.field(f.get("field").asText(), schema(inner));
        }
      }
    }
    if (j.has("default")) {
      b.defaultValue(value(b.build(), j.get("default")));
    }
    return b.build();
  }

  static byte[] unhex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; ++i) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  static double dbl(JsonNode n) {
    if (n.isTextual()) {
      return Double.parseDouble(n.asText());
    }
    return n.doubleValue();
  }

  static Object value(Schema schema, JsonNode n) {
    if (schema == null) {
      return schemaless(n);
    }
    if (n == null || n.isNull()) {
      return null;
    }
    if (schema.name() != null) {
      switch (schema.name()) {
        case Decimal.LOGICAL_NAME: return new BigDecimal(n.asText());
        case Date.LOGICAL_NAME: return new java.util.Date(n.longValue() * 86400000L);
        case Time.LOGICAL_NAME:
        case Timestamp.LOGICAL_NAME: return new java.util.Date(n.longValue());
        default: break;
      }
    }
    switch (schema.type()) {
      case INT8: return (byte) n.intValue();
      case INT16: return (short) n.intValue();
      case INT32: return n.intValue();
      case INT64: return n.longValue();
      case FLOAT32: return (float) dbl(n);
      case FLOAT64: return dbl(n);
      case BOOLEAN: return n.booleanValue();
      case STRING: return n.textValue();
      case BYTES: return unhex(n.asText());
      case ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonNode e : n) {
          list.add(value(schema.valueSchema(), e));
        }
        return list;
      }
      case MAP: {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (n.isObject()) {
          n.fields().forEachRemaining(
              e -> map.put(value(schema.keySchema(), new TextNode(e.getKey())), value(schema.valueSchema(), e.getValue())));
        } else {
          for (JsonNode e : n) {
            map.put(value(schema.keySchema(), e.get(0)), value(schema.valueSchema(), e.get(1)));
          }
        }
        return map;
      }
      case STRUCT: {
        Struct s = new Struct(schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          Field f = schema.field(e.getKey());
          if (f == null) {
            throw new IllegalArgumentException("field '" + e.getKey() + "' is not in the schema");
          }
          s.put(f, value(f.schema(), e.getValue()));
        }
        return s;
      }
      default: throw new IllegalArgumentException("unknown type " + schema.type());
    }
  }

  // Schemaless: integers are Long, floats Double, objects maps with String keys, {"$bytes": hex} byte[].
  static Object schemaless(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>();
      n.forEach(e -> list.add(schemaless(e)));
      return list;
    }
    if (n.size() == 1 && n.has("$bytes")) {
      return unhex(n.get("$bytes").asText());
    }
    Map<Object, Object> map = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> map.put(e.getKey(), schemaless(e.getValue())));
    return map;
  }

  @SuppressWarnings("unchecked")
  static Map<String, ?> offsetMap(JsonNode n) {
    return n == null ? null : MAPPER.convertValue(n, LinkedHashMap.class);
  }

  static SourceRecord record(JsonNode j) {
    Integer partition = j.hasNonNull("partition") ? j.get("partition").intValue() : null;
    Long timestamp = j.hasNonNull("timestamp") ? j.get("timestamp").longValue() : null;
    Schema keySchema = j.has("key") ? schema(j.get("key").get("schema")) : null;
    Object key = j.has("key") ? value(keySchema, j.get("key").get("value")) : null;
    Schema valueSchema = j.has("value") ? schema(j.get("value").get("schema")) : null;
    Object value = j.has("value") ? value(valueSchema, j.get("value").get("value")) : null;
    ConnectHeaders headers = new ConnectHeaders();
    if (j.has("headers")) {
      for (JsonNode h : j.get("headers")) {
        Schema s = schema(h.get("schema"));
        headers.add(h.get("key").asText(), value(s, h.get("value")), s);
      }
    }
    return new SourceRecord(offsetMap(j.get("source_partition")), offsetMap(j.get("source_offset")),
        j.path("topic").asText(""), partition, keySchema, key, valueSchema, value, timestamp, headers);
  }

  // ---- Java → notation

  static ObjectNode render(SourceRecord r, SourceRecord input) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("topic", r.topic());
    if (r.kafkaPartition() == null) {
      o.putNull("partition");
    } else {
      o.put("partition", r.kafkaPartition());
    }
    if (r.timestamp() == null) {
      o.putNull("timestamp");
    } else {
      o.put("timestamp", r.timestamp());
    }
    o.set("key", part(r.keySchema(), r.key()));
    o.set("value", part(r.valueSchema(), r.value()));
    ArrayNode headers = o.putArray("headers");
    for (Header h : r.headers()) {
      ObjectNode hn = headers.addObject();
      hn.put("key", h.key());
      hn.set("schema", schemaNode(h.schema()));
      hn.set("value", valueNode(h.schema(), h.value()));
    }
    if (!java.util.Objects.equals(r.sourcePartition(), input.sourcePartition())) {
      o.set("source_partition", MAPPER.valueToTree(r.sourcePartition()));
    }
    if (!java.util.Objects.equals(r.sourceOffset(), input.sourceOffset())) {
      o.set("source_offset", MAPPER.valueToTree(r.sourceOffset()));
    }
    return o;
  }

  static ObjectNode part(Schema s, Object v) {
    ObjectNode o = MAPPER.createObjectNode();
    o.set("schema", schemaNode(s));
    o.set("value", valueNode(s, v));
    return o;
  }

  static boolean isPlain(Schema s) {
    return s.type().isPrimitive() && s.name() == null && s.version() == null && s.doc() == null
        && (s.parameters() == null || s.parameters().isEmpty()) && s.defaultValue() == null;
  }

  // Every attribute spelled out, no references: what two schemas are compared by.
  static ObjectNode full(Schema s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("type", s.type().getName());
    o.put("optional", s.isOptional());
    o.put("name", s.name());
    o.put("version", s.version());
    o.put("doc", s.doc());
    o.set("parameters", MAPPER.valueToTree(s.parameters()));
    o.set("default", s.defaultValue() == null ? null : valueNode(s, s.defaultValue()));
    switch (s.type()) {
      case STRUCT: {
        ArrayNode fields = o.putArray("fields");
        for (Field f : s.fields()) {
          ObjectNode fn = fields.addObject();
          fn.put("field", f.name());
          fn.set("schema", full(f.schema()));
        }
        break;
      }
      case ARRAY: o.set("items", full(s.valueSchema())); break;
      case MAP:
        o.set("keys", full(s.keySchema()));
        o.set("values", full(s.valueSchema()));
        break;
      default: break;
    }
    return o;
  }

  // The shortest notation: "string", "string?", "@library.name[?]", else an object.
  static JsonNode schemaNode(Schema s) {
    if (s == null) {
      return MAPPER.nullNode();
    }
    if (isPlain(s)) {
      return new TextNode(s.type().getName() + (s.isOptional() ? "?" : ""));
    }
    String ref = REFS.get(full(s));
    if (ref != null) {
      return new TextNode(ref);
    }
    ObjectNode o = MAPPER.createObjectNode();
    o.put("type", s.type().getName());
    if (s.isOptional()) {
      o.put("optional", true);
    }
    if (s.name() != null) {
      o.put("name", s.name());
    }
    if (s.version() != null) {
      o.put("version", s.version());
    }
    if (s.doc() != null) {
      o.put("doc", s.doc());
    }
    if (s.parameters() != null && !s.parameters().isEmpty()) {
      o.set("parameters", MAPPER.valueToTree(s.parameters()));
    }
    if (s.defaultValue() != null) {
      o.set("default", valueNode(s, s.defaultValue()));
    }
    switch (s.type()) {
      case STRUCT: {
        ArrayNode fields = o.putArray("fields");
        for (Field f : s.fields()) {
          JsonNode fs = schemaNode(f.schema());
          ObjectNode fn = fields.addObject();
          fn.put("field", f.name());
          if (fs.isTextual() && fs.asText().startsWith("@")) {
            fn.set("schema", fs);
          } else if (fs.isTextual()) {
            String t = fs.asText();
            boolean optional = t.endsWith("?");
            fn.put("type", optional ? t.substring(0, t.length() - 1) : t);
            if (optional) {
              fn.put("optional", true);
            }
          } else {
            fs.fields().forEachRemaining(e -> fn.set(e.getKey(), e.getValue()));
          }
        }
        break;
      }
      case ARRAY: o.set("items", schemaNode(s.valueSchema())); break;
      case MAP:
        o.set("keys", schemaNode(s.keySchema()));
        o.set("values", schemaNode(s.valueSchema()));
        break;
      default: break;
    }
    return o;
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }

  static byte[] bytesOf(Object v) {
    if (v instanceof ByteBuffer) {
      ByteBuffer b = ((ByteBuffer) v).duplicate();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    }
    return (byte[]) v;
  }

  static JsonNode valueNode(Schema s, Object v) {
    if (v == null) {
      return MAPPER.nullNode();
    }
    if (s == null) {
      return schemalessNode(v);
    }
    if (s.name() != null) {
      switch (s.name()) {
        case Decimal.LOGICAL_NAME: return new TextNode(((BigDecimal) v).toPlainString());
        case Date.LOGICAL_NAME: return MAPPER.getNodeFactory().numberNode(((java.util.Date) v).getTime() / 86400000L);
        case Time.LOGICAL_NAME: return MAPPER.getNodeFactory().numberNode((int) ((java.util.Date) v).getTime());
        case Timestamp.LOGICAL_NAME: return MAPPER.getNodeFactory().numberNode(((java.util.Date) v).getTime());
        default: break;
      }
    }
    JsonNodeFactory nf = MAPPER.getNodeFactory();
    try {
      ConnectSchema.validateValue(s, v);
    } catch (org.apache.kafka.connect.errors.DataException e) {
      throw new Inexpressible("the output does not conform to its own schema, " + e.getMessage() + ": "
          + v.getClass().getSimpleName() + " " + v + " for " + full(s));
    }
    switch (s.type()) {
      case INT8: return nf.numberNode((Byte) v);
      case INT16: return nf.numberNode((Short) v);
      case INT32: return nf.numberNode((Integer) v);
      case INT64: return nf.numberNode((Long) v);
      case FLOAT32: return floatNode((Float) v);
      case FLOAT64: return floatNode((Double) v);
      case BOOLEAN: return nf.booleanNode((Boolean) v);
      case STRING: return new TextNode((String) v);
      case BYTES: return new TextNode(hex(bytesOf(v)));
      case ARRAY: {
        ArrayNode a = nf.arrayNode();
        for (Object e : (List<?>) v) {
          a.add(valueNode(s.valueSchema(), e));
        }
        return a;
      }
      case MAP: {
        ArrayNode pairs = nf.arrayNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          ArrayNode p = pairs.addArray();
          p.add(valueNode(s.keySchema(), e.getKey()));
          p.add(valueNode(s.valueSchema(), e.getValue()));
        }
        return pairs;
      }
      case STRUCT: {
        Struct st = (Struct) v;
        ObjectNode o = nf.objectNode();
        for (Field f : st.schema().fields()) {
          Object fv = st.getWithoutDefault(f.name());
          if (fv != null) {
            o.set(f.name(), valueNode(f.schema(), fv));
          }
        }
        return o;
      }
      default: throw new IllegalArgumentException("unknown type " + s.type());
    }
  }

  static JsonNode floatNode(double d) {
    if (Double.isNaN(d)) {
      return new TextNode("NaN");
    }
    if (Double.isInfinite(d)) {
      return new TextNode(d > 0 ? "Infinity" : "-Infinity");
    }
    return MAPPER.getNodeFactory().numberNode(d);
  }

  static JsonNode schemalessNode(Object v) {
    JsonNodeFactory nf = MAPPER.getNodeFactory();
    if (v == null) {
      return nf.nullNode();
    }
    if (v instanceof Long) {
      return nf.numberNode((Long) v);
    }
    if (v instanceof Double) {
      return floatNode((Double) v);
    }
    if (v instanceof Boolean) {
      return nf.booleanNode((Boolean) v);
    }
    if (v instanceof String) {
      return new TextNode((String) v);
    }
    if (v instanceof byte[] || v instanceof ByteBuffer) {
      return nf.objectNode().put("$bytes", hex(bytesOf(v)));
    }
    if (v instanceof List) {
      ArrayNode a = nf.arrayNode();
      ((List<?>) v).forEach(e -> a.add(schemalessNode(e)));
      return a;
    }
    if (v instanceof Map) {
      ObjectNode o = nf.objectNode();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new Inexpressible("a schemaless map with a non-string key");
        }
        o.set((String) e.getKey(), schemalessNode(e.getValue()));
      }
      return o;
    }
    if (v instanceof Struct) {
      return valueNode(((Struct) v).schema(), v);
    }
    // Integer, Short, Byte, Float, BigDecimal, Date: the schemaless notation reads numbers as INT64/FLOAT64.
    throw new Inexpressible("a schemaless " + v.getClass().getSimpleName() + " value");
  }
}
