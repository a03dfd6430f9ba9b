// Java's Double.toString / Float.toString forms.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "connectd/api/java_text.hpp"

using namespace connectd;

TEST_CASE("doubles print as Java's Double.toString", "[api][java]") {
  CHECK(java::doubleToString(1.0) == "1.0");
  CHECK(java::doubleToString(-0.0) == "-0.0");
  CHECK(java::doubleToString(0.1) == "0.1");
  CHECK(java::doubleToString(123.456) == "123.456");
  CHECK(java::doubleToString(0.001) == "0.001");
  CHECK(java::doubleToString(0.0001) == "1.0E-4");
  CHECK(java::doubleToString(1234567.0) == "1234567.0");
  CHECK(java::doubleToString(12345678.0) == "1.2345678E7");
  CHECK(java::doubleToString(1e21) == "1.0E21");
  CHECK(java::doubleToString(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(java::doubleToString(-std::numeric_limits<double>::infinity()) == "-Infinity");
  CHECK(java::doubleToString(std::numeric_limits<double>::max()) == "1.7976931348623157E308");
  CHECK(java::floatToString(1.1F) == "1.1");
  CHECK(java::floatToString(3.4028235e38F) == "3.4028235E38");
}
