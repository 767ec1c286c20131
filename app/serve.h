// aidledger serve: the HTTP service (app/serve.cc).
#ifndef AIDLEDGER_APP_SERVE_H_
#define AIDLEDGER_APP_SERVE_H_

namespace aidledger::cli {

// argv[0] is "serve"; the rest are the service's options. Returns the exit
// code once the service stopped (SIGTERM or SIGINT).
int RunServe(int argc, char** argv);

}  // namespace aidledger::cli

#endif  // AIDLEDGER_APP_SERVE_H_
