"use strict";
// A dependency-free web service: JSON logs, /healthz for Docker and Traefik, bounded timeouts, graceful shutdown.
const crypto = require("node:crypto");
const http = require("node:http");

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };
const logThreshold = LEVELS[process.env.LOG_LEVEL] ?? LEVELS.info;

function log(level, message, fields = {}) {
  if (LEVELS[level] < logThreshold) return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

// Fail fast: a missing setting stops the start, instead of failing on the first request that needs it.
const missing = ["SESSION_SECRET"].filter((name) => !process.env[name]);
if (missing.length > 0) {
  log("error", "required environment variables are not set", { missing });
  process.exit(1);
}
const port = Number(process.env.PORT || 8080);
const sessionSecret = process.env.SESSION_SECRET;

const sign = (value) => crypto.createHmac("sha256", sessionSecret).update(value).digest("base64url");

/** The visit count from a signed cookie; a cookie that was tampered with counts as none. */
function visitsFrom(cookieHeader = "") {
  const match = /(?:^|;\s*)visits=(\d+)\.([\w-]+)/.exec(cookieHeader);
  if (!match) return 0;
  const expected = Buffer.from(sign(match[1]));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? Number(match[1]) : 0;
}

let shuttingDown = false;

const server = http.createServer((request, response) => {
  // A correlation ID from the proxy or client is kept when it is short and plain, so logs can be joined on it.
  const given = request.headers["x-request-id"];
  const requestId = typeof given === "string" && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
  const started = process.hrtime.bigint();
  response.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log("info", "request", { requestId, method: request.method, path: request.url, status: response.statusCode, ms });
  });
  const send = (status, body, headers = {}) => {
    response.writeHead(status, { "content-type": "application/json", "x-request-id": requestId, ...headers });
    response.end(JSON.stringify(body));
  };

  if (request.url === "/healthz") {
    // Draining: fail the check so the proxy stops sending new requests before the process exits.
    return shuttingDown ? send(503, { status: "shutting down" }) : send(200, { status: "ok" });
  }
  if (request.method !== "GET" || request.url !== "/") return send(404, { error: "not found" });
  const visits = visitsFrom(request.headers.cookie) + 1;
  // Secure cookies are only sent over HTTPS: the reason local development runs on HTTPS too.
  const cookie = `visits=${visits}.${sign(String(visits))}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000`;
  return send(200, { message: "hello", visits }, { "set-cookie": cookie });
});

// No request may hold a connection forever.
server.requestTimeout = 10000;
server.headersTimeout = 5000;
server.keepAliveTimeout = 65000;

server.listen(port, () => log("info", "listening", { port: server.address().port }));

function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  log("info", "shutting down", { signal });
  server.close(() => process.exit(0));
  // Connections that outlive the stop timeout are cut.
  setTimeout(() => process.exit(1), 8000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
