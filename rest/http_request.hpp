// The bridge from a parsed Beast request to the router's Request, shared by the server and the HTTP fuzz
// target so that both see exactly what the server sees.
#pragma once

#include <boost/beast/http.hpp>

#include "rest/router.hpp"

namespace connectd::rest {

Request toRequest(const boost::beast::http::request<boost::beast::http::string_body>& req);

}  // namespace connectd::rest
