// A small JSON reader (objects, arrays, strings, numbers, literals) for the benchmark's native
// engines: bench/workloads.json and the fixtures the runner writes (bench/results/fixtures/).
#pragma once
#include <cctype>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bench {

struct Json {
  enum Kind { null, boolean, number, string, array, object } kind = null;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> fields;  // in file order

  const Json* get(const std::string& k) const {
    for (const auto& f : fields)
      if (f.first == k) return &f.second;
    return nullptr;
  }
  const Json& at(const std::string& k) const {
    const Json* j = get(k);
    if (!j) throw std::runtime_error("json: missing field " + k);
    return *j;
  }
};

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}
  Json parse() {
    Json j = value();
    ws();
    if (i_ != s_.size()) fail("trailing text");
    return j;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("json: " + what + " at offset " + std::to_string(i_));
  }
  void ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  std::string string_lit() {
    if (!eat('"')) fail("expected a string");
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c == '\\') {
        if (i_ >= s_.size()) fail("bad escape");
        char e = s_[i_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'u': i_ += 4; c = '?'; break;  // not used by the workloads file
          default: c = e;
        }
      }
      out += c;
    }
    if (!eat('"')) fail("unterminated string");
    return out;
  }
  Json value() {
    ws();
    if (i_ >= s_.size()) fail("unexpected end");
    Json j;
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      j.kind = Json::object;
      if (eat('}')) return j;
      do {
        std::string k = string_lit();
        if (!eat(':')) fail("expected ':'");
        j.fields.emplace_back(std::move(k), value());
      } while (eat(','));
      if (!eat('}')) fail("expected '}'");
    } else if (c == '[') {
      ++i_;
      j.kind = Json::array;
      if (eat(']')) return j;
      do j.items.push_back(value());
      while (eat(','));
      if (!eat(']')) fail("expected ']'");
    } else if (c == '"') {
      j.kind = Json::string;
      j.str = string_lit();
    } else if (s_.compare(i_, 4, "true") == 0) {
      i_ += 4, j.kind = Json::boolean, j.b = true;
    } else if (s_.compare(i_, 5, "false") == 0) {
      i_ += 5, j.kind = Json::boolean;
    } else if (s_.compare(i_, 4, "null") == 0) {
      i_ += 4;
    } else {
      std::size_t used = 0;
      j.kind = Json::number;
      j.num = std::stod(s_.substr(i_, 40), &used);
      i_ += used;
    }
    return j;
  }
  const std::string& s_;
  std::size_t i_ = 0;
};

}  // namespace bench
