"use strict";
// The container's HEALTHCHECK: the slim image has no curl, and node is already there.
const http = require("node:http");

const request = http.get({ host: "127.0.0.1", port: Number(process.env.PORT || 8080), path: "/healthz", timeout: 2000 }, (response) => {
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on("timeout", () => request.destroy(new Error("timed out")));
request.on("error", () => process.exit(1));
