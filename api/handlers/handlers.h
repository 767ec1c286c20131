// The handlers: one static function per route (the route table in
// api/router.cc names them), defined in api/handlers/<resource>.cc, and the
// helpers they share. A handler reads the request from the context and
// answers. It takes the context first, then the narrow parts of the service
// it uses (the books, the vault, a reader pool, the users, an answer cache,
// ...), never the service itself: what a handler may touch is in its
// signature, and the route table hands it exactly that (Wire in router.cc).
// Internal to api/.
#ifndef AIDLEDGER_API_HANDLERS_HANDLERS_H_
#define AIDLEDGER_API_HANDLERS_HANDLERS_H_

#include <string>
#include <utility>
#include <vector>

#include "api/service_internals.h"
#include "ledger/books/batch_csv.h"
#include "ledger/chain/checkpoint.h"

namespace aidledger::api {

struct Handlers {
  // --- handlers/health.cc: liveness, readiness, metrics, the OpenAPI document
  static ApiResponse Healthz(Service::Context&);
  static ApiResponse Readyz(Service::Context& ctx, ServiceHealth& health);
  static ApiResponse MetricsText(Service::Context&, ServiceHealth& health);
  static ApiResponse OpenApiDoc(Service::Context&);

  // --- handlers/sessions.cc: who is calling; logging in and out of the web
  static ApiResponse Me(Service::Context& ctx);
  static std::string SessionCookie(const Service::Context& ctx, const std::string& value,
                                   int64_t max_age);
  static ApiResponse Login(Service::Context& ctx, UserStore& users, SessionStore& sessions,
                           LoginThrottle& throttle);
  static ApiResponse SessionInfo(Service::Context& ctx, SessionStore& sessions);
  static ApiResponse Logout(Service::Context& ctx, SessionStore& sessions);

  // --- handlers/web.cc: the web interface's files
  static ApiResponse WebPage(Service::Context& ctx);

  // --- handlers/funds.cc: funds
  static ApiResponse ListFunds(Service::Context& ctx, Books& books, FundsAnswer& kept);
  static Array FundsJson(const BooksState& state);
  static ApiResponse OpenFund(Service::Context& ctx, Books& books);
  static ApiResponse CloseFund(Service::Context& ctx, Books& books);
  static ApiResponse Transfer(Service::Context& ctx, Books& books);

  // --- handlers/donors.cc: donors
  static Result<DonorRecord> DonorFromBody(const Body& b);
  static ApiResponse RegisterDonor(Service::Context& ctx, Vault& vault);
  // The register of donors, for finding a returning donor's id: a person's
  // name masked with the last four digits of their phone (how a team tells
  // two 王* apart), an organisation's name in full. The whole record is one
  // GET /donors/{id} away.
  static ApiResponse ListDonors(Service::Context& ctx, Books& books, Vault& vault);
  static ApiResponse GetDonor(Service::Context& ctx, Vault& vault);
  static ApiResponse CorrectDonor(Service::Context& ctx, Vault& vault);

  // --- handlers/records.cc: what donors' and recipients' records share; erasure
  // The books' donors or recipients, copied under the books' lock so that
  // their records are read from the vault outside it.
  using SubjectMap = std::map<std::string, Subject>;
  static Result<std::vector<std::pair<std::string, Subject>>> Subjects(
      Books& books, const SubjectMap& (BooksState::*which)() const);
  // Who looked at whose personal record, and when (never what it holds).
  static void LogReveal(const Service::Context& ctx);
  static ApiResponse EraseDonor(Service::Context& ctx, Vault& vault);
  static ApiResponse EraseRecipient(Service::Context& ctx, Vault& vault);
  // Erases the record of the route's {id}, which must start with `prefix`.
  static ApiResponse EraseRecord(Service::Context& ctx, Vault& vault, std::string_view prefix);

  // --- handlers/donations.cc: gifts of money and goods, hand-outs, batches
  static ApiResponse RecordDonation(Service::Context& ctx, Books& books);
  static Result<std::vector<GoodsItem>> Items(const Body& b, bool valued);
  static ApiResponse RecordGoods(Service::Context& ctx, Books& books);
  static ApiResponse HandOut(Service::Context& ctx, Books& books);
  // A batch of donations as CSV: all rows or none.
  static ApiResponse RecordBatch(Service::Context& ctx, Books& books);
  // The batch's CSV template: the Chinese headers and two example rows.
  static ApiResponse BatchTemplate(Service::Context& ctx, Books& books);
  // A problem with every bad row: "errors": [{"line","field","message"}...].
  static ApiResponse BatchProblem(Service::Context& ctx, const Status& status,
                                  const std::vector<RowError>& errors,
                                  ErrorCode code = ErrorCode::kInvalidArgument);

  // --- handlers/receipts.cc: receipts and the public receipt check
  // Whether the gift a receipt acknowledges still stands, and if not, what
  // happened, when and why: the void and the reversal of the gift, each
  // with its entry and the time it was recorded. A donor holding the
  // receipt is told plainly.
  static Result<Object> ReceiptStanding(LedgerReader& reader, const Receipt& r);
  // "壹仟贰佰伍拾元整" for a gift in CNY; "" otherwise.
  static std::string AmountInWords(const StoredEntry& entry);
  static ApiResponse GetReceipt(Service::Context& ctx, Books& books, Vault& vault,
                                ReaderPool& readers);
  static ApiResponse VoidReceipt(Service::Context& ctx, Books& books);
  static ApiResponse RecordReceiptBill(Service::Context& ctx, Books& books);
  static ApiResponse PrintReceipt(Service::Context& ctx, Books& books);
  // A donor checks their receipt: its number and the check code printed on
  // it give the gift, whether it was voided, and the proof that its entry is
  // in the latest signed checkpoint.
  static ApiResponse CheckReceipt(Service::Context& ctx, Books& books, Vault& vault,
                                  ReaderPool& readers);
  // A QR code (SVG) of `text`, for the receipt check link on receipts.
  static ApiResponse Qr(Service::Context& ctx);

  // --- handlers/recipients.cc: aid recipients
  static Result<RecipientRecord> RecipientFromBody(const Body& b);
  static std::vector<std::string> RecipientMembers();
  static ApiResponse EnrolRecipient(Service::Context& ctx, Vault& vault);
  static ApiResponse ListRecipients(Service::Context& ctx, Books& books, Vault& vault);
  static ApiResponse GetRecipient(Service::Context& ctx, Vault& vault);
  static ApiResponse CorrectRecipient(Service::Context& ctx, Vault& vault);

  // --- handlers/grants.cc: grants
  static ApiResponse ListGrants(Service::Context& ctx, Books& books);
  static ApiResponse GetGrant(Service::Context& ctx, Books& books);
  static ApiResponse ProposeGrant(Service::Context& ctx, Books& books);
  static ApiResponse ApproveGrant(Service::Context& ctx, Books& books);
  static ApiResponse RejectGrant(Service::Context& ctx, Books& books);
  static ApiResponse DecideGrant(Service::Context& ctx, Books& books, bool approve);
  static ApiResponse PayGrant(Service::Context& ctx, Books& books);

  // --- handlers/corrections.cc: reversals, proposals, the corrections list
  // A reversal is proposed, and confirmed by another person (POST
  // /proposals/{seq}/confirm); only an amount the policy exempts is reversed
  // at once. The answer says which: "state" "proposed" or "reversed".
  static ApiResponse Reverse(Service::Context& ctx, Books& books);
  // What waits for a second person: closes, reopenings and reversals.
  static ApiResponse ListProposals(Service::Context& ctx, Books& books);
  // Confirms a proposal of another person: a reversal takes the date of the
  // correction, a cost the payment's reference (external_ref, none for
  // cash); a close or a reopening nothing.
  static ApiResponse ConfirmProposal(Service::Context& ctx, Books& books);
  static ApiResponse RejectProposal(Service::Context& ctx, Books& books);
  static ApiResponse ListCorrections(Service::Context& ctx, Books& books);

  // --- handlers/costs.cc: costs (费用)
  // A cost is proposed, and recorded by another treasurer (POST
  // /proposals/{seq}/confirm, with the payment's reference); a treasurer's
  // cost under the policy's exemption is recorded at once. The answer says
  // which: "state" "proposed" or "recorded".
  static ApiResponse ProposeCost(Service::Context& ctx, Books& books);
  static ApiResponse ListCosts(Service::Context& ctx, Books& books);

  // --- handlers/opening.cc: opening balances (a treasurer proposes them;
  // another records them by confirming the proposal); anyone signed in
  // lists them
  static ApiResponse ProposeOpening(Service::Context& ctx, Books& books);
  static ApiResponse ListOpening(Service::Context& ctx, Books& books);

  // --- handlers/accounts.cc: accounts where money sits
  // A treasurer opens an account (only the number's last four digits are
  // kept) and moves money between accounts; anyone signed in lists them
  // with what each holds.
  static ApiResponse OpenAccount(Service::Context& ctx, Books& books);
  static ApiResponse ListAccounts(Service::Context& ctx, Books& books);
  static ApiResponse CloseAccount(Service::Context& ctx, Books& books);
  static ApiResponse MoveBetweenAccounts(Service::Context& ctx, Books& books);
  static ApiResponse ListAccountTransfers(Service::Context& ctx, Books& books);

  // --- handlers/income.cc: income other than gifts (收入), no receipt
  static ApiResponse RecordIncome(Service::Context& ctx, Books& books);
  static ApiResponse ListIncome(Service::Context& ctx, Books& books);

  // --- handlers/services.cc: volunteer service
  // Volunteer service: a count of people and their time, never who.
  static ApiResponse ListServices(Service::Context& ctx, Books& books);
  static ApiResponse RecordService(Service::Context& ctx, Books& books);
  static ApiResponse WithdrawService(Service::Context& ctx, Books& books);

  // --- handlers/periods.cc: periods
  // Proposes closing a period that has ended on the team's calendar; another
  // person confirms it (POST /proposals/{seq}/confirm).
  static ApiResponse ClosePeriod(Service::Context& ctx, Books& books);
  static ApiResponse ReopenPeriod(Service::Context& ctx, Books& books);
  // Where the books stand: closed through when, the period that may be
  // proposed for closing next (and whether it has ended), the latest closed
  // one (which alone may be reopened), and closes waiting for a second person.
  static ApiResponse Periods(Service::Context& ctx, Books& books);

  // --- handlers/policies.cc: the books' policies
  // One policy a call (approvals_required, close_confirmations,
  // max_entry_minor or reversal_exempt_below), within the books' limits.
  static ApiResponse SetPolicy(Service::Context& ctx, Books& books);

  // --- handlers/ledger.cc: the ledger itself: entries, checkpoints, proofs, export, keys, verify
  static ApiResponse ListEntries(Service::Context& ctx, ReaderPool& readers);
  // An entry's sequence number from the path.
  static Result<int64_t> SeqParam(const std::string& p);
  static ApiResponse GetEntry(Service::Context& ctx, ReaderPool& readers, EntryAnswers& kept);
  static Value CheckpointJson(const SignedCheckpoint& c);
  static ApiResponse ListCheckpoints(Service::Context& ctx, ReaderPool& readers);
  static ApiResponse LatestCheckpoint(Service::Context& ctx, ReaderPool& readers);
  static ApiResponse InclusionProof(Service::Context& ctx, ReaderPool& readers);
  static ApiResponse ConsistencyProof(Service::Context& ctx, ReaderPool& readers);
  // Checks a proof bundle (as `aidledger verify-proof` does) against the
  // keys that sign this ledger's checkpoints.
  static ApiResponse CheckBundle(Service::Context& ctx, ReaderPool& readers);
  // The auditor's downloads: the whole ledger as JSON Lines, and the
  // public keys that sign checkpoints.
  static ApiResponse Export(Service::Context& ctx, ReaderPool& readers);
  static ApiResponse PublicKeys(Service::Context& ctx, ReaderPool& readers);
  static ApiResponse Verify(Service::Context& ctx, LedgerStore& store, Metrics& metrics);

  // --- handlers/reports.cc: reports
  static ApiResponse ReportCatalog(Service::Context& ctx);
  static ApiResponse GetReport(Service::Context& ctx, Books& books, Vault& vault,
                               ReaderPool& readers, ReportAnswers& kept, CheckpointWatch& latest,
                               const ServiceOptions& options);
  static ApiResponse PublicSummary(Service::Context& ctx, Books& books, Vault& vault,
                                   ReaderPool& readers, ReportAnswers& kept,
                                   CheckpointWatch& latest, const ServiceOptions& options);
  // Builds report `name` from the query (from, to, year, donor, format) for
  // the reader, with what the reader's role may see of people; the answer is
  // kept until the books or the latest checkpoint change.
  static ApiResponse MakeReport(Service::Context& ctx, Books& books, Vault& vault,
                                ReaderPool& readers, ReportAnswers& kept, CheckpointWatch& latest,
                                const ServiceOptions& options, const std::string& name,
                                const std::string& by);
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_HANDLERS_HANDLERS_H_
