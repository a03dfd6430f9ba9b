// Writes the "expected" member of every golden converter case (tests/golden/converters/*/*.json) by running
// the real Java converter named in the case: Kafka Connect 4.3.0's JsonConverter, SimpleHeaderConverter,
// StringConverter, ByteArrayConverter and primitive converters, and Debezium 3.6.1's BinaryDataConverter.
// Run through generate.sh, which resolves the jars. The case notation is described in README.md.
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

public class Generator {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  // With --check nothing is written: a case whose "expected" is not what the converter gives is reported and
  // the exit status is 1.
  public static void main(String[] args) throws Exception {
    int n = 0;
    boolean check = false;
    List<String> stale = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--check")) {
        check = true;
        continue;
      }
      File f = new File(arg);
      ObjectNode c = (ObjectNode) MAPPER.readTree(f);
      JsonNode want = run(c);
      if (check) {
        // Compare as the file would hold it (an int and a long of the same value are different JsonNodes).
        want = MAPPER.readTree(MAPPER.writeValueAsString(want));
        if (!want.equals(c.get("expected"))) {
          stale.add(arg + ": expected is " + c.get("expected") + ", the converter gives " + want);
        }
      } else {
        c.set("expected", want);
        Files.writeString(f.toPath(), MAPPER.writeValueAsString(c) + "\n");
      }
      ++n;
    }
    if (check) {
      stale.forEach(System.out::println);
      System.out.println(n + " cases checked, " + stale.size() + " stale");
      System.exit(stale.isEmpty() ? 0 : 1);
    }
    System.out.println("generated " + n + " cases");
  }

  static JsonNode run(ObjectNode c) throws Exception {
    ObjectNode out = MAPPER.createObjectNode();
    try {
      Map<String, String> config = new HashMap<>();
      if (c.has("config")) {
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("config").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          config.put(e.getKey(), e.getValue().asText());
        }
      }
      String use = c.has("use") ? c.get("use").asText() : "value";
      String topic = c.has("topic") ? c.get("topic").asText() : "topic";
      if (use.equals("toConnect")) {
        // Read the input bytes back, then render what was read with a default JsonConverter.
        JsonConverter reader = new JsonConverter();
        reader.configure(config, false);
        JsonNode input = c.get("input");
        byte[] in = input == null || input.isNull() ? null : input.asText().getBytes(StandardCharsets.UTF_8);
        org.apache.kafka.connect.data.SchemaAndValue read = reader.toConnectData(topic, in);
        JsonConverter renderer = new JsonConverter();
        renderer.configure(Map.of(), false);
        return expectedOf(out, renderer.fromConnectData(topic, read.schema(), read.value()));
      }
      JsonConverter schemaReader = new JsonConverter();
      schemaReader.configure(Map.of("schemas.enable", "true"), false);
      JsonNode schemaNode = c.get("schema");
      Schema schema = schemaNode == null || schemaNode.isNull() ? null : schemaReader.asConnectSchema(schemaNode);
      Object value = schema == null ? typed(c.get("value")) : value(schema, c.get("value"));
      Object instance = Class.forName(c.get("converter").asText()).getDeclaredConstructor().newInstance();
      byte[] bytes;
      if (use.equals("header")) {
        HeaderConverter hc = (HeaderConverter) instance;
        // Kafka's Plugins.newHeaderConverter adds converter.type=header before configure(Map).
        config.put("converter.type", "header");
        hc.configure(config);
        bytes = hc.fromConnectHeader(topic, c.has("headerKey") ? c.get("headerKey").asText() : "h", schema, value);
      } else {
        Converter conv = (Converter) instance;
        conv.configure(config, use.equals("key"));
        bytes = conv.fromConnectData(topic, schema, value);
      }
      return expectedOf(out, bytes);
    } catch (Exception e) {
      ObjectNode err = out.putObject("error");
      err.put("class", e.getClass().getSimpleName());
      err.put("message", e.getMessage());
    }
    return out;
  }

  static ObjectNode expectedOf(ObjectNode out, byte[] bytes) {
    if (bytes == null) {
      out.put("null", true);
      return out;
    }
    out.put("hex", hex(bytes));
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      if (text.chars().allMatch(ch -> ch >= 0x20)) {
        out.put("text", text);
      }
    } catch (CharacterCodingException e) {
      // binary output: hex only
    }
    return out;
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
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

  // A value in the notation typed by its schema.
  static Object value(Schema schema, JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (schema.name() != null) {
      switch (schema.name()) {
        case Decimal.LOGICAL_NAME: return new BigDecimal(n.asText());
        case Date.LOGICAL_NAME: return new java.util.Date(n.longValue() * 86400000L);
        case Time.LOGICAL_NAME: return new java.util.Date(n.longValue());
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
        for (JsonNode e : n) {
          map.put(value(schema.keySchema(), e.get(0)), value(schema.valueSchema(), e.get(1)));
        }
        return map;
      }
      case STRUCT: {
        Struct s = new Struct(schema);
        for (Field f : schema.fields()) {
          if (n.has(f.name()) && !n.get(f.name()).isNull()) {
            s.put(f, value(f.schema(), n.get(f.name())));
          }
        }
        return s;
      }
      default: throw new IllegalArgumentException("unknown type " + schema.type());
    }
  }

  // A schemaless value in the tagged notation: {"int32": 5}, {"array": [...]}, {"map": [[k, v], ...]}, ...
  static Object typed(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    Map.Entry<String, JsonNode> e = n.fields().next();
    JsonNode v = e.getValue();
    switch (e.getKey()) {
      case "int8": return (byte) v.intValue();
      case "int16": return (short) v.intValue();
      case "int32": return v.intValue();
      case "int64": return v.longValue();
      case "float": return (float) dbl(v);
      case "double": return dbl(v);
      case "boolean": return v.booleanValue();
      case "string": return v.textValue();
      case "bytes": return unhex(v.asText());
      case "decimal": return new BigDecimal(v.asText());
      case "array": {
        List<Object> list = new ArrayList<>();
        for (JsonNode x : v) {
          list.add(typed(x));
        }
        return list;
      }
      case "map": {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (JsonNode x : v) {
          map.put(typed(x.get(0)), typed(x.get(1)));
        }
        return map;
      }
      default: throw new IllegalArgumentException("unknown tag " + e.getKey());
    }
  }
}
