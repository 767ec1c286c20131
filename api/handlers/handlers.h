// The handlers: one static function per route (the route table in
// api/router.cc names them), defined in api/handlers/<resource>.cc, and the
// helpers they share. A handler reads the request from the context and
// answers; it is a friend of Service, so it may use what the service holds.
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
  using Fn = ApiResponse (*)(Service&, Service::Context&);

  // --- handlers/health.cc: liveness, readiness, metrics, the OpenAPI document
  static ApiResponse Healthz(Service&, Service::Context&);
  static ApiResponse Readyz(Service& s, Service::Context& ctx);
  static ApiResponse MetricsText(Service& s, Service::Context&);
  static ApiResponse OpenApiDoc(Service&, Service::Context&);

  // --- handlers/sessions.cc: who is calling; logging in and out of the web
  static ApiResponse Me(Service&, Service::Context& ctx);
  static std::string SessionCookie(const Service::Context& ctx, const std::string& value,
                                   int64_t max_age);
  static ApiResponse Login(Service& s, Service::Context& ctx);
  static ApiResponse SessionInfo(Service& s, Service::Context& ctx);
  static ApiResponse Logout(Service& s, Service::Context& ctx);

  // --- handlers/web.cc: the web interface's files
  static ApiResponse WebPage(Service&, Service::Context& ctx);

  // --- handlers/funds.cc: funds
  static ApiResponse ListFunds(Service& s, Service::Context& ctx);
  static Array FundsJson(const BooksState& state);
  static ApiResponse OpenFund(Service& s, Service::Context& ctx);
  static ApiResponse CloseFund(Service& s, Service::Context& ctx);
  static ApiResponse Transfer(Service& s, Service::Context& ctx);

  // --- handlers/donors.cc: donors
  static Result<DonorRecord> DonorFromBody(const Body& b);
  static ApiResponse RegisterDonor(Service& s, Service::Context& ctx);
  // The register of donors, for finding a returning donor's id: a person's
  // name masked with the last four digits of their phone (how a team tells
  // two 王* apart), an organisation's name in full. The whole record is one
  // GET /donors/{id} away.
  static ApiResponse ListDonors(Service& s, Service::Context& ctx);
  static ApiResponse GetDonor(Service& s, Service::Context& ctx);
  static ApiResponse CorrectDonor(Service& s, Service::Context& ctx);

  // --- handlers/records.cc: what donors' and recipients' records share; erasure
  // The books' donors or recipients, copied under the books' lock so that
  // their records are read from the vault outside it.
  using SubjectMap = std::map<std::string, Subject>;
  static Result<std::vector<std::pair<std::string, Subject>>> Subjects(
      Service& s, const SubjectMap& (BooksState::*which)() const);
  // Who looked at whose personal record, and when (never what it holds).
  static void LogReveal(const Service::Context& ctx);
  static ApiResponse EraseDonor(Service& s, Service::Context& ctx);
  static ApiResponse EraseRecipient(Service& s, Service::Context& ctx);
  // Erases the record of the route's {id}, which must start with `prefix`.
  static ApiResponse EraseRecord(Service& s, Service::Context& ctx, std::string_view prefix);

  // --- handlers/donations.cc: gifts of money and goods, hand-outs, batches
  static ApiResponse RecordDonation(Service& s, Service::Context& ctx);
  static Result<std::vector<GoodsItem>> Items(const Body& b, bool valued);
  static ApiResponse RecordGoods(Service& s, Service::Context& ctx);
  static ApiResponse HandOut(Service& s, Service::Context& ctx);
  // A batch of donations as CSV: all rows or none.
  static ApiResponse RecordBatch(Service& s, Service::Context& ctx);
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
  static ApiResponse GetReceipt(Service& s, Service::Context& ctx);
  static ApiResponse VoidReceipt(Service& s, Service::Context& ctx);
  static ApiResponse RecordReceiptBill(Service& s, Service::Context& ctx);
  static ApiResponse PrintReceipt(Service& s, Service::Context& ctx);
  // A donor checks their receipt: its number and the check code printed on
  // it give the gift, whether it was voided, and the proof that its entry is
  // in the latest signed checkpoint.
  static ApiResponse CheckReceipt(Service& s, Service::Context& ctx);
  // A QR code (SVG) of `text`, for the receipt check link on receipts.
  static ApiResponse Qr(Service&, Service::Context& ctx);

  // --- handlers/recipients.cc: aid recipients
  static Result<RecipientRecord> RecipientFromBody(const Body& b);
  static std::vector<std::string> RecipientMembers();
  static ApiResponse EnrolRecipient(Service& s, Service::Context& ctx);
  static ApiResponse ListRecipients(Service& s, Service::Context& ctx);
  static ApiResponse GetRecipient(Service& s, Service::Context& ctx);
  static ApiResponse CorrectRecipient(Service& s, Service::Context& ctx);

  // --- handlers/grants.cc: grants
  static ApiResponse ListGrants(Service& s, Service::Context& ctx);
  static ApiResponse GetGrant(Service& s, Service::Context& ctx);
  static ApiResponse ProposeGrant(Service& s, Service::Context& ctx);
  static ApiResponse ApproveGrant(Service& s, Service::Context& ctx);
  static ApiResponse RejectGrant(Service& s, Service::Context& ctx);
  static ApiResponse DecideGrant(Service& s, Service::Context& ctx, bool approve);
  static ApiResponse PayGrant(Service& s, Service::Context& ctx);

  // --- handlers/corrections.cc: reversals, proposals, the corrections list
  // A reversal is proposed, and confirmed by another person (POST
  // /proposals/{seq}/confirm); only an amount the policy exempts is reversed
  // at once. The answer says which: "state" "proposed" or "reversed".
  static ApiResponse Reverse(Service& s, Service::Context& ctx);
  // What waits for a second person: closes, reopenings and reversals.
  static ApiResponse ListProposals(Service& s, Service::Context& ctx);
  // Confirms a proposal of another person: a reversal takes the date of the
  // correction; a close or a reopening nothing.
  static ApiResponse ConfirmProposal(Service& s, Service::Context& ctx);
  static ApiResponse RejectProposal(Service& s, Service::Context& ctx);
  static ApiResponse ListCorrections(Service& s, Service::Context& ctx);

  // --- handlers/services.cc: volunteer service
  // Volunteer service: a count of people and their time, never who.
  static ApiResponse ListServices(Service& s, Service::Context& ctx);
  static ApiResponse RecordService(Service& s, Service::Context& ctx);
  static ApiResponse WithdrawService(Service& s, Service::Context& ctx);

  // --- handlers/periods.cc: periods
  // Proposes closing a period that has ended on the team's calendar; another
  // person confirms it (POST /proposals/{seq}/confirm).
  static ApiResponse ClosePeriod(Service& s, Service::Context& ctx);
  static ApiResponse ReopenPeriod(Service& s, Service::Context& ctx);
  // Where the books stand: closed through when, the period that may be
  // proposed for closing next (and whether it has ended), the latest closed
  // one (which alone may be reopened), and closes waiting for a second person.
  static ApiResponse Periods(Service& s, Service::Context& ctx);

  // --- handlers/policies.cc: the books' policies
  // One policy a call (approvals_required, close_confirmations,
  // max_entry_minor or reversal_exempt_below), within the books' limits.
  static ApiResponse SetPolicy(Service& s, Service::Context& ctx);

  // --- handlers/ledger.cc: the ledger itself: entries, checkpoints, proofs, export, keys, verify
  static ApiResponse ListEntries(Service& s, Service::Context& ctx);
  // An entry's sequence number from the path.
  static Result<int64_t> SeqParam(const std::string& p);
  static ApiResponse GetEntry(Service& s, Service::Context& ctx);
  static Value CheckpointJson(const SignedCheckpoint& c);
  static ApiResponse ListCheckpoints(Service& s, Service::Context& ctx);
  static ApiResponse LatestCheckpoint(Service& s, Service::Context& ctx);
  static ApiResponse InclusionProof(Service& s, Service::Context& ctx);
  static ApiResponse ConsistencyProof(Service& s, Service::Context& ctx);
  // Checks a proof bundle (as `aidledger verify-proof` does) against the
  // keys that sign this ledger's checkpoints.
  static ApiResponse CheckBundle(Service& s, Service::Context& ctx);
  // The auditor's downloads: the whole ledger as JSON Lines, and the
  // public keys that sign checkpoints.
  static ApiResponse Export(Service& s, Service::Context& ctx);
  static ApiResponse PublicKeys(Service& s, Service::Context& ctx);
  static ApiResponse Verify(Service& s, Service::Context& ctx);

  // --- handlers/reports.cc: reports
  static ApiResponse ReportCatalog(Service&, Service::Context& ctx);
  static ApiResponse GetReport(Service& s, Service::Context& ctx);
  static ApiResponse PublicSummary(Service& s, Service::Context& ctx);
  // Builds report `name` from the query (from, to, year, donor, format) for
  // the reader, with what the reader's role may see of people; the answer is
  // kept until the books or the latest checkpoint change.
  static ApiResponse MakeReport(Service& s, Service::Context& ctx, const std::string& name,
                                const std::string& by);
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_HANDLERS_HANDLERS_H_
