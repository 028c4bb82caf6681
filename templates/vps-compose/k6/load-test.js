// Load test for {{projectName}}: ramps up to 50 virtual users and fails (exit code 99) when the thresholds break.
// BASE_URL defaults to production; pass -e BASE_URL=https://localhost for the local stack (README.md).
import http from "k6/http";
import { check, sleep } from "k6";

const BASE_URL = __ENV.BASE_URL || "https://{{domain}}";

export const options = {
  stages: [
    { duration: "30s", target: 50 },
    { duration: "2m", target: 50 },
    { duration: "30s", target: 0 },
  ],
  thresholds: {
    // 95% of requests within 300 ms, 99% within a second.
    http_req_duration: ["p(95)<300", "p(99)<1000"],
    // Fewer than 1% of requests fail (network errors and non-2xx/3xx responses).
    http_req_failed: ["rate<0.01"],
    checks: ["rate>0.99"],
  },
};

export default function () {
  const page = http.get(`${BASE_URL}/`);
  check(page, {
    "page answers 200": (response) => response.status === 200,
    "page sets the signed cookie": (response) => String(response.headers["Set-Cookie"] || "").includes("visits="),
  });
  const health = http.get(`${BASE_URL}/healthz`);
  check(health, { "healthz answers 200": (response) => response.status === 200 });
  sleep(1);
}
