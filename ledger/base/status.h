// Status and Result<T>: expected failures are values, not exceptions.
//
// A Status carries a stable machine-readable code (ErrorCode), a human message
// and, where it applies, the offending field and the sequence number of the
// entry concerned. Callers may rely on code() and field() being stable across
// releases; message() is for people and may change.
#ifndef AIDLEDGER_LEDGER_BASE_STATUS_H_
#define AIDLEDGER_LEDGER_BASE_STATUS_H_

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace aidledger {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,     // bad input from a caller; field() names it
  kNotFound,            // the thing asked for does not exist
  kAlreadyExists,       // creating something that exists
  kConflict,            // the ledger moved on (head changed) or a unique rule
  kFailedPrecondition,  // the store is in a state that forbids the call
  kOutOfRange,          // an amount beyond a limit of the books (one entry's cap, the totals)
  kPersonalData,        // personal data in text bound for the chain (it belongs in the vault)
  kPermissionDenied,    // the actor's role may not do this
  kUnauthenticated,     // no valid credentials (a missing, unknown, revoked or expired token)
  kTooManyRequests,     // too many attempts from this caller: wait (a login throttled)
  kCorrupt,             // stored data fails verification
  kIo,                  // the operating system or SQLite failed (disk, lock)
  kBusy,                // the database stayed locked past the busy timeout
  kInternal,            // a bug; never expected
};

// Stable lower-case name of a code ("invalid_argument", ...).
std::string_view ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "invalid_argument: amount: must be positive".
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidArgument(std::string message, std::string field = {}) {
  return Status(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}
inline Status Corrupt(std::string message) {
  return Status(ErrorCode::kCorrupt, std::move(message));
}
inline Status IoError(std::string message) { return Status(ErrorCode::kIo, std::move(message)); }

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace aidledger

// Propagates a non-OK Status from an expression returning Status.
#define AIDLEDGER_RETURN_IF_ERROR(expr)   \
  do {                                    \
    ::aidledger::Status status_ = (expr); \
    if (!status_.ok()) return status_;    \
  } while (false)

#endif  // AIDLEDGER_LEDGER_BASE_STATUS_H_
