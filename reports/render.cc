#include "reports/render.h"

#include <algorithm>
#include <sstream>
#include <string_view>

#include "ledger/base/canonical_json.h"
#include "ledger/books/money.h"

namespace aidledger::reports {

namespace {

// Collects a rendering and hands it on to a stream in pieces of about 64 KiB,
// so that a report of any size is sent while it is written.
class Sink {
 public:
  explicit Sink(std::ostream& out) : out_(out) {}
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  ~Sink() { Flush(); }
  Sink& operator+=(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kPiece) Flush();
    return *this;
  }
  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }
  // A table's source failed (the books closed under it): the output is cut
  // short, and the stream says so.
  void Fail(const Status& status) {
    if (status.ok()) return;
    Flush();
    out_.setstate(std::ios::badbit);
  }

 private:
  static constexpr size_t kPiece = 64 * 1024;
  std::ostream& out_;
  std::string buffer_;
};

// The currency of a row: its "currency" column, CNY if the table has none.
std::string RowCurrency(const Table& t, const std::vector<Cell>& row) {
  for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
    if (t.columns[i].key == "currency" && std::holds_alternative<std::string>(row[i])) {
      return std::get<std::string>(row[i]);
    }
  }
  return "CNY";
}

// A cell as plain text: money as "1250.00", counts as digits.
std::string PlainCell(const Table& t, const std::vector<Cell>& row, size_t i) {
  if (const auto* text = std::get_if<std::string>(&row[i])) return *text;
  const int64_t n = std::get<int64_t>(row[i]);
  if (t.columns[i].type == Column::Type::kMoney) return FormatAmount(n, RowCurrency(t, row));
  return std::to_string(n);
}

// A cell for people: money as "¥1,250.00".
std::string DisplayCell(const Table& t, const std::vector<Cell>& row, size_t i) {
  if (t.columns[i].type == Column::Type::kMoney && std::holds_alternative<int64_t>(row[i])) {
    return FormatMoneyForDisplay(Money{RowCurrency(t, row), std::get<int64_t>(row[i])});
  }
  return PlainCell(t, row, i);
}

const char* TypeName(Column::Type type) {
  switch (type) {
    case Column::Type::kMoney:
      return "money";
    case Column::Type::kCount:
      return "count";
    case Column::Type::kText:
      break;
  }
  return "text";
}

Object RowJson(const Table& t, const std::vector<Cell>& row) {
  Object out;
  for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
    if (t.columns[i].type == Column::Type::kCount && std::holds_alternative<int64_t>(row[i])) {
      out.Set(t.columns[i].key, std::get<int64_t>(row[i]));
    } else {
      out.Set(t.columns[i].key, PlainCell(t, row, i));
    }
  }
  return out;
}

Object BasisJson(const Basis& b) {
  return Object{{"size", b.size},
                {"head_hash", b.head_hash},
                {"checkpoint", b.checkpoint_size == 0 ? Value(nullptr)
                                                      : Value(Object{{"size", b.checkpoint_size},
                                                                     {"root", b.checkpoint_root},
                                                                     {"note", b.checkpoint_note}})},
                {"generated_at", b.generated_at},
                {"generated_by", b.generated_by}};
}

// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// Text a spreadsheet would run as a formula gets a leading '. A control
// character other than a line break or a tab (ESC, BEL, NUL: text recorded
// before the text policy refused them) becomes U+FFFD, so that a CSV printed
// to a terminal cannot drive it.
std::string CsvText(const std::string& raw) {
  std::string text;
  text.reserve(raw.size());
  for (char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\n' && c != '\r' && c != '\t') || b == 0x7F) {
      text += "\xEF\xBF\xBD";
    } else {
      text += c;
    }
  }
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    return CsvField("'" + text);
  }
  return CsvField(text);
}

void CsvLine(const std::vector<std::string>& fields, Sink* out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) *out += ",";
    *out += fields[i];
  }
  *out += "\r\n";
}

std::string ParamsText(const Report& r) {
  std::string out;
  for (const auto& [k, v] : r.params) {
    if (!out.empty()) out += ", ";
    out.append(k).append(" ").append(v);
  }
  return out;
}

constexpr const char* kPrintCss = R"css(
@page { size: A4; margin: 15mm 12mm 18mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
h1 small { font-weight: normal; font-size: 10pt; color: #333; display: block; }
h2 { font-size: 11.5pt; margin: 6mm 0 2mm 0; }
.meta, .basis, .notes { font-size: 8.5pt; color: #333; }
.confidential { border: 1px solid #900; color: #900; padding: 1mm 2mm; display: inline-block;
                font-weight: bold; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #777; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; font-weight: bold; text-align: left; }
th span { display: block; font-weight: normal; font-size: 8pt; color: #333; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid #111; }
.basis { margin-top: 6mm; border-top: 1px solid #777; padding-top: 2mm; word-break: break-all; }
.signatures { margin-top: 12mm; display: flex; gap: 20mm; }
.signatures div { flex: 1; border-top: 1px solid #111; padding-top: 1mm; }
@media print { .noprint { display: none; } }
)css";

// More columns than this print on a landscape page.
constexpr size_t kPortraitColumns = 8;
constexpr const char* kLandscapeCss =
    "@page { size: A4 landscape; margin: 12mm 12mm 15mm 12mm; }\n"
    "body { max-width: 273mm; }\n";

// All that `write` makes of `r`, as one string.
std::string Whole(void (*write)(const Report&, std::ostream&), const Report& r) {
  std::ostringstream out;
  write(r, out);
  return std::move(out).str();
}

// The members that ToJson and WriteJson share (all but the rows).

Array ColumnsJson(const Table& t) {
  Array columns;
  for (const Column& c : t.columns) {
    columns.push_back(
        Object{{"key", c.key}, {"zh", c.zh}, {"en", c.en}, {"type", TypeName(c.type)}});
  }
  return columns;
}

Object ParamsJson(const Report& r) {
  Object params;
  for (const auto& [k, v] : r.params) params.Set(k, v);
  return params;
}

Array NotesJson(const Report& r) {
  Array notes;
  for (const auto& n : r.notes) notes.emplace_back(n);
  return notes;
}

}  // namespace

std::string EscapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Value ToJson(const Report& r) {
  Array tables;
  for (const Table& t : r.tables) {
    Array rows, totals;
    // ToJson builds a tree: it is for reports small enough to hold.
    (void)ForEachBodyRow(t, [&](const Row& row) { rows.push_back(RowJson(t, row)); });
    for (size_t i = FirstTotal(t); i < t.rows.size(); ++i) totals.push_back(RowJson(t, t.rows[i]));
    tables.push_back(Object{{"key", t.key},
                            {"title", Object{{"zh", t.zh}, {"en", t.en}}},
                            {"columns", ColumnsJson(t)},
                            {"rows", std::move(rows)},
                            {"totals", std::move(totals)}});
  }
  return Object{{"report", r.name},
                {"title", Object{{"zh", r.zh}, {"en", r.en}}},
                {"params", ParamsJson(r)},
                {"basis", BasisJson(r.basis)},
                {"tables", std::move(tables)},
                {"notes", NotesJson(r)},
                {"confidential", r.confidential}};
}

void WriteJson(const Report& r, std::ostream& stream) {
  // The members in canonical (sorted) order, each encoded as ToJson's would
  // be; only the rows are not built into one tree first.
  Sink out(stream);
  const auto put = [&](const Value& v) {
    std::string piece;
    AppendCanonical(v, &piece);
    out += piece;
  };
  const auto put_totals = [&](const Table& t) {
    out += "[";
    std::string piece;
    for (size_t i = FirstTotal(t); i < t.rows.size(); ++i) {
      piece.clear();
      if (i > FirstTotal(t)) piece += ',';
      AppendCanonical(RowJson(t, t.rows[i]), &piece);
      out += piece;
    }
    out += "]";
  };
  const auto put_body = [&](const Table& t) {
    out += "[";
    std::string piece;
    bool first = true;
    out.Fail(ForEachBodyRow(t, [&](const Row& row) {
      piece.clear();
      if (!first) piece += ',';
      first = false;
      AppendCanonical(RowJson(t, row), &piece);
      out += piece;
    }));
    out += "]";
  };
  out += "{\"basis\":";
  put(BasisJson(r.basis));
  out +=
      r.confidential ? ",\"confidential\":true,\"notes\":" : ",\"confidential\":false,\"notes\":";
  put(NotesJson(r));
  out += ",\"params\":";
  put(ParamsJson(r));
  out += ",\"report\":";
  put(r.name);
  out += ",\"tables\":[";
  for (size_t k = 0; k < r.tables.size(); ++k) {
    const Table& t = r.tables[k];
    out += k > 0 ? ",{\"columns\":" : "{\"columns\":";
    put(ColumnsJson(t));
    out += ",\"key\":";
    put(t.key);
    out += ",\"rows\":";
    put_body(t);
    out += ",\"title\":";
    put(Object{{"zh", t.zh}, {"en", t.en}});
    out += ",\"totals\":";
    put_totals(t);
    out += "}";
  }
  out += "],\"title\":";
  put(Object{{"zh", r.zh}, {"en", r.en}});
  out += "}";
}

std::string ToCsv(const Report& r) { return Whole(WriteCsv, r); }

void WriteCsv(const Report& r, std::ostream& stream) {
  Sink out(stream);
  out += "\xEF\xBB\xBF";
  CsvLine({CsvText(r.zh + " " + r.en), CsvText(ParamsText(r))}, &out);
  CsvLine(
      {CsvText("ledger size " + std::to_string(r.basis.size)), CsvText("head " + r.basis.head_hash),
       CsvText(r.basis.checkpoint_size == 0
                   ? "no checkpoint"
                   : "checkpoint " + std::to_string(r.basis.checkpoint_size) + " root " +
                         r.basis.checkpoint_root),
       CsvText("generated " + r.basis.generated_at + " by " + r.basis.generated_by)},
      &out);
  for (const Table& t : r.tables) {
    out += "\r\n";
    CsvLine({CsvText(t.zh + " " + t.en)}, &out);
    std::vector<std::string> header;
    for (const Column& c : t.columns) header.push_back(CsvText(c.zh + " " + c.en));
    CsvLine(header, &out);
    std::vector<std::string> fields;
    const auto line = [&](const Row& row) {
      fields.clear();
      for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
        const bool text = t.columns[i].type == Column::Type::kText;
        fields.push_back(text ? CsvText(PlainCell(t, row, i)) : PlainCell(t, row, i));
      }
      CsvLine(fields, &out);
    };
    out.Fail(ForEachBodyRow(t, line));
    for (size_t i = FirstTotal(t); i < t.rows.size(); ++i) line(t.rows[i]);
  }
  for (const auto& n : r.notes) CsvLine({CsvText(n)}, &out);
}

std::string ToHtml(const Report& r) { return Whole(WriteHtml, r); }

void WriteHtml(const Report& r, std::ostream& stream) {
  Sink h(stream);
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>" + EscapeHtml(r.zh + " " + r.en) + "</title>\n";
  h += "<style>" + std::string(kPrintCss);
  // A table wider than a portrait page holds prints on a landscape one, so
  // that no column is cut off.
  bool wide = false;
  for (const Table& t : r.tables) wide = wide || t.columns.size() > kPortraitColumns;
  if (wide) h += kLandscapeCss;
  h += "</style>\n</head>\n<body>\n";
  h += "<header>\n<h1>" + EscapeHtml(r.zh) + "<small>" + EscapeHtml(r.en) + "</small></h1>\n";
  h += "<div class=\"meta\">" + EscapeHtml(ParamsText(r)) + "</div>\n";
  h += "<div class=\"meta\">账本前 " + std::to_string(r.basis.size) + " 条记录 · first " +
       std::to_string(r.basis.size) + " entries of the ledger · " +
       (r.basis.checkpoint_size > 0
            ? "签名检查点 signed checkpoint " + std::to_string(r.basis.checkpoint_size)
            : std::string("尚无签名检查点 no signed checkpoint yet")) +
       "</div>\n";
  if (r.confidential) {
    h += "<div class=\"confidential\">内部资料 含个人信息 · Confidential: personal data</div>\n";
  }
  h += "</header>\n<main>\n";
  for (const Table& t : r.tables) {
    h += "<section>\n<h2>" + EscapeHtml(t.zh) + " · " + EscapeHtml(t.en) + "</h2>\n";
    h += "<table>\n<thead><tr>";
    for (const Column& c : t.columns) {
      h += "<th scope=\"col\">" + EscapeHtml(c.zh) + "<span>" + EscapeHtml(c.en) + "</span></th>";
    }
    h += "</tr></thead>\n<tbody>\n";
    const auto line = [&](const Row& row, bool total) {
      h += total ? "<tr class=\"total\">" : "<tr>";
      for (size_t c = 0; c < t.columns.size() && c < row.size(); ++c) {
        const bool number = t.columns[c].type != Column::Type::kText;
        h += number ? "<td class=\"num\">" : "<td>";
        h += EscapeHtml(DisplayCell(t, row, c)) + "</td>";
      }
      h += "</tr>\n";
    };
    h.Fail(ForEachBodyRow(t, [&](const Row& row) { line(row, false); }));
    for (size_t i = FirstTotal(t); i < t.rows.size(); ++i) line(t.rows[i], true);
    if (RowCount(t) == 0) {
      h += "<tr><td colspan=\"" + std::to_string(t.columns.size()) + "\">无 · None</td></tr>\n";
    }
    h += "</tbody>\n</table>\n</section>\n";
  }
  if (!r.notes.empty()) {
    h += "<ul class=\"notes\">\n";
    for (const auto& n : r.notes) h += "<li>" + EscapeHtml(n) + "</li>\n";
    h += "</ul>\n";
  }
  if (r.signatures) {
    h += "<div class=\"signatures\"><div>出纳 / 财务 Treasurer</div><div>审核 Auditor</div>"
         "<div>日期 Date</div></div>\n";
  }
  h += "</main>\n<footer class=\"basis\">\n";
  h += "<div>账本 Ledger: " + std::to_string(r.basis.size) + " 条记录 entries · 末条哈希 head " +
       EscapeHtml(r.basis.head_hash) + "</div>\n";
  if (r.basis.checkpoint_size > 0) {
    h += "<div>签名检查点 Signed checkpoint: " + std::to_string(r.basis.checkpoint_size) +
         " · root " + EscapeHtml(r.basis.checkpoint_root) + "</div>\n";
  } else {
    h += "<div>尚无签名检查点 No signed checkpoint yet</div>\n";
  }
  h += "<div>生成 Generated " + EscapeHtml(r.basis.generated_at) + " · " +
       EscapeHtml(r.basis.generated_by) + "</div>\n";
  h += "</footer>\n</body>\n</html>\n";
}

}  // namespace aidledger::reports
