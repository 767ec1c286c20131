// The router: every route of the HTTP API in one table (method, pattern,
// the roles that may call it, what its body takes, the handler), matching a
// request's path to a route, and the OpenAPI document made from the table
// (a test checks the two agree). Internal to api/.
#ifndef AIDLEDGER_API_ROUTER_H_
#define AIDLEDGER_API_ROUTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "api/service.h"

namespace aidledger::api {

using HandlerFn = ApiResponse (*)(Service&, Service::Context&);

struct Route {
  Route(Service::RouteInfo i, HandlerFn f);
  Service::RouteInfo info;
  HandlerFn fn;
  std::vector<std::string> segments;  // the pattern's, split once
};

// Every route, in the order they are matched.
const std::vector<Route>& RouteTable();

struct RouteMatch {
  const Route* route = nullptr;  // null: none for this method
  bool path_known = false;       // some route has this path (another method: 405)
};
// The first route whose pattern and method match; fills `params` with the
// pattern's {placeholders} in order.
RouteMatch FindRoute(std::string_view method, std::string_view path,
                     std::vector<std::string>* params);

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_ROUTER_H_
