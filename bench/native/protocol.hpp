// The line protocol of bench/engines/protocol.mjs for the native engines: one command per line
// on stdin, one JSON object per line on stdout; a failed command answers {"error": ...} and the
// engine keeps serving.
#pragma once
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include "json.hpp"

namespace bench {

inline std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') { o += "\\n"; continue; }
    o += c;
  }
  return o + "\"";
}

inline Json read_json(const std::string& file) {
  std::ifstream f(file);
  std::stringstream text;
  text << f.rdbuf();
  if (!f) throw std::runtime_error("cannot read " + file);
  return Parser(text.str()).parse();
}

/// Answers commands until `quit` or the end of input: handle(command, rest of the line) -> reply.
template <class Handle> int serve(Handle handle) {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    if (cmd.empty()) continue;
    if (cmd == "quit") break;
    std::string reply;
    try {
      reply = handle(cmd, in);
    } catch (const std::exception& e) {
      reply = "{\"error\":" + json_string(e.what()) + "}";
    }
    std::cout << reply << std::endl;
  }
  return 0;
}

#ifndef GL_BENCH_NAME
#define GL_BENCH_NAME "native"
#endif
#ifndef GL_BENCH_FLAGS
#define GL_BENCH_FLAGS ""
#endif

/// What an engine answers besides the protocol's fixed parts.
struct Engine {
  std::function<std::string(const std::string& net)> check;
  std::function<std::string(const std::string& workload, int runs)> run;
  std::function<std::string(const std::string& command)> other;  // optional: other commands
  std::string hello_fields;  // optional: more fields of the hello reply, e.g. "\"workloads\":[...]"
};

/// An engine's main(): `engine <workloads.json> <fixtures dir>` loads the workloads into
/// state.spec and the directory into state.fixtures, `answers(state)` gives the engine, then
/// commands are answered until `quit`. `hello` names the engine by GL_BENCH_NAME.
template <class State, class Answers> int engine_main(int argc, char** argv, State& state, Answers answers) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <bench/workloads.json> <fixtures dir>\n", argv[0]);
    return 2;
  }
  Engine e;
  try {
    state.spec = read_json(argv[1]);
    state.fixtures = argv[2];
    e = answers(state);
  } catch (const std::exception& x) {
    std::fprintf(stderr, "%s\n", x.what());
    return 1;
  }
  return serve([&](const std::string& cmd, std::istringstream& in) -> std::string {
    std::string id;
    if (cmd == "hello")
      return "{\"engine\":" + json_string(GL_BENCH_NAME) + ",\"compiler\":" + json_string(__VERSION__) + ",\"flags\":" +
             json_string(GL_BENCH_FLAGS) + (e.hello_fields.empty() ? "" : "," + e.hello_fields) + "}";
    if (cmd == "check") {
      in >> id;
      return e.check(id);
    }
    if (cmd == "run") {
      int runs = 0;
      in >> id >> runs;
      return e.run(id, runs);
    }
    if (e.other) return e.other(cmd);
    throw std::runtime_error("unknown command " + cmd);
  });
}

}  // namespace bench
