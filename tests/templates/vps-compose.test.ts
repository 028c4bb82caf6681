/**
 * The vps-compose template: clean under platform as committed and filled in, every rule it is built to satisfy
 * still bites when its part is removed, its shell scripts pass bash -n and shellcheck, cloud-init carries the same
 * files as deploy/, and the service behaves as its README says.
 */
import { spawn, spawnSync } from "child_process";
import { appendFileSync, readFileSync, writeFileSync } from "fs";
import { request } from "http";
import { join } from "path";
import { parse } from "yaml";
import { loadFiles } from "../../src/adapters/files";
import { loadTerraform } from "../../src/adapters/terraform";
import { checkUnderPlatform, filledCopy, filesUnder, read, TEMPLATES, violatedRules } from "./support";

const TEMPLATE = join(TEMPLATES, "vps-compose");

let copy: string;
beforeAll(async () => {
  copy = await filledCopy("vps-compose");
});

describe.each([
  ["as committed", () => TEMPLATE],
  ["filled in", () => copy],
])("%s", (_, dir) => {
  test("prodready check finds nothing under platform and reads every part: Dockerfile, both services, cloud-init, the repository", () => {
    const outcome = checkUnderPlatform(dir());
    expect(outcome.findings).toEqual([]);
    expect(outcome.diagnostics).toEqual([]);
    expect(kindsRead(dir())).toEqual(expect.arrayContaining(["cloud_init", "compose_service", "compose_service", "dockerfile", "repository"]));
  });
});

/** The kinds of the resources the files adapter makes of `dir`, as checkPaths reads them. */
function kindsRead(dir: string): string[] {
  const terraform = loadTerraform([dir], { commandLineVariables: [] });
  return loadFiles([dir], terraform.otherFiles)
    .units.flatMap((unit) => unit.resources.map((resource) => resource.kind))
    .sort();
}

test("each rule the template satisfies fires once its part is taken out (the override is judged merged)", async () => {
  const broken = await filledCopy("vps-compose");
  const edit = (file: string, from: string | RegExp, to: string): void => {
    const text = read(broken, file);
    const edited = text.replace(from, to);
    expect(edited).not.toBe(text);
    writeFileSync(join(broken, file), edited);
  };
  edit("Dockerfile", /^USER node\n/m, "");
  edit(".gitignore", /^\.env\n/m, "");
  edit("cloud-init.yaml", /^ {2}- ufw --force enable\n/m, "");
  appendFileSync(join(broken, "compose.override.yaml"), '    restart: "no"\n');
  expect(violatedRules(checkUnderPlatform(broken))).toEqual(["PR-CFG-018", "PR-RES-011", "PR-SEC-019", "PR-SEC-021"]);
});

describe("shell scripts", () => {
  const scripts = () => [TEMPLATE, copy].flatMap((dir) => filesUnder(dir).filter((file) => file.endsWith(".sh")).map((file) => join(dir, file)));
  const shellcheck = spawnSync("shellcheck", ["--version"]).status === 0;

  test("setup.sh is the script, executable, fail-safe", () => {
    expect(scripts().map((path) => path.slice(path.lastIndexOf("/") + 1))).toEqual(["setup.sh", "setup.sh"]);
    for (const path of scripts()) {
      expect(spawnSync("test", ["-x", path]).status).toBe(0);
      expect(readFileSync(path, "utf8")).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)*set -euo pipefail\n/);
    }
  });

  test("every script parses (bash -n)", () => {
    for (const path of scripts()) expect({ path, ...pick(spawnSync("bash", ["-n", path], { encoding: "utf8" })) }).toEqual({ path, status: 0, stderr: "" });
  });

  (shellcheck ? test : test.skip)(shellcheck ? "every script passes shellcheck" : "every script passes shellcheck: SKIPPED, shellcheck is not installed (.ci/run installs it)", () => {
    for (const path of scripts()) expect({ path, ...pick(spawnSync("shellcheck", [path], { encoding: "utf8" })) }).toEqual({ path, status: 0, stderr: "" });
  });
});

function pick(result: { status: number | null; stderr: string; stdout: string }): { status: number | null; stderr: string } {
  return { status: result.status, stderr: result.stderr + result.stdout };
}

describe("the host setup", () => {
  const cloudInit = () => parse(read(TEMPLATE, "cloud-init.yaml")) as { write_files: Array<{ path: string; content: string }>; runcmd: string[]; swap: unknown; ssh_pwauth: unknown };

  test("cloud-init writes the very files setup.sh installs from deploy/", () => {
    const written = Object.fromEntries(cloudInit().write_files.map((file) => [file.path, file.content]));
    expect(written).toEqual({
      "/etc/ssh/sshd_config.d/00-hardening.conf": read(TEMPLATE, "deploy/sshd-hardening.conf"),
      "/etc/sysctl.d/60-swappiness.conf": read(TEMPLATE, "deploy/swappiness.conf"),
      "/etc/logrotate.d/{{projectName}}": read(TEMPLATE, "deploy/logrotate.conf"),
      "/etc/systemd/system/{{projectName}}.service": read(TEMPLATE, "deploy/app.service"),
    });
    const setup = read(TEMPLATE, "setup.sh");
    for (const [file, target] of [
      ["deploy/sshd-hardening.conf", "/etc/ssh/sshd_config.d/00-hardening.conf"],
      ["deploy/swappiness.conf", "/etc/sysctl.d/60-swappiness.conf"],
      ["deploy/logrotate.conf", '"/etc/logrotate.d/${APP_NAME}"'],
      ["deploy/app.service", '"/etc/systemd/system/${APP_NAME}.service"'],
    ]) {
      expect(setup).toContain(`"\${SOURCE_DIR}/${file}" ${target}`);
    }
  });

  test("both open the same firewall: SSH rate-limited, HTTP, HTTPS, everything else denied", () => {
    const fromSetup = read(TEMPLATE, "setup.sh").split("\n").filter((line) => line.startsWith("ufw "));
    const fromCloudInit = cloudInit().runcmd.filter((command) => command.startsWith("ufw "));
    expect(fromCloudInit).toEqual(fromSetup);
    expect(fromSetup).toEqual(["ufw default deny incoming", "ufw default allow outgoing", "ufw limit 22/tcp", "ufw allow 80/tcp", "ufw allow 443/tcp", "ufw --force enable"]);
  });

  test("the unit runs only compose.yaml with the EnvironmentFile; the sshd drop-in allows keys only", () => {
    const unit = read(TEMPLATE, "deploy/app.service");
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/\{\{projectName\}\}\/app\.env$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/docker compose --file compose\.yaml up .*--wait/m);
    expect(read(TEMPLATE, "deploy/sshd-hardening.conf")).toMatch(/^PermitRootLogin no\nPasswordAuthentication no\n/m);
    expect(cloudInit().ssh_pwauth).toBe(false);
  });
});

describe("compose and Traefik", () => {
  type Service = { command?: string[]; volumes?: string[]; ports?: string[]; build?: string; image?: string };
  const compose = (file: string) => parse(read(TEMPLATE, file)) as { services: Record<string, Service> };

  test("production asks Let's Encrypt; development serves mkcert's certificate from ./certs, where the README puts it", () => {
    const production = compose("compose.yaml").services.traefik;
    expect(production.command).toEqual(expect.arrayContaining(["--certificatesresolvers.letsencrypt.acme.email={{acmeEmail}}", "--certificatesresolvers.letsencrypt.acme.tlschallenge=true"]));
    expect(read(TEMPLATE, "traefik/production/routes.yaml")).toContain("certResolver: letsencrypt");

    const development = compose("compose.override.yaml").services.traefik;
    expect(development.command?.some((flag) => flag.includes("certificatesresolvers"))).toBe(false);
    expect(development.volumes).toEqual(expect.arrayContaining(["./traefik/development:/etc/traefik/dynamic:ro", "./certs:/certs:ro"]));
    const certificates = parse(read(TEMPLATE, "traefik/development/routes.yaml")).tls.certificates as Array<{ certFile: string; keyFile: string }>;
    expect(certificates).toEqual([{ certFile: "/certs/local.pem", keyFile: "/certs/local-key.pem" }]);
    expect(read(TEMPLATE, "README.md")).toContain("mkcert -cert-file certs/local.pem -key-file certs/local-key.pem localhost");
    // Both environments redirect HTTP and answer HTTPS only.
    for (const command of [production.command, development.command]) expect(command).toContain("--entrypoints.web.http.redirections.entrypoint.to=websecure");
  });

  test("only Traefik publishes ports; the app is built here and reached through the proxy", () => {
    const { services } = compose("compose.yaml");
    expect(services.traefik.ports).toEqual(["80:80", "443:443"]);
    expect(services.app.ports).toBeUndefined();
    expect(services.app.build).toBe(".");
    expect(read(TEMPLATE, "traefik/production/routes.yaml")).toContain('url: "http://app:8080"');
  });

  test("secrets stay out of git and out of the image", () => {
    expect(read(TEMPLATE, ".gitignore").split("\n")).toEqual(expect.arrayContaining([".env", "certs/"]));
    expect(read(TEMPLATE, ".dockerignore").split("\n")).toContain("*");
    expect(read(TEMPLATE, ".env.example")).toMatch(/^SESSION_SECRET=$/m);
  });
});

test("the lock file matches package.json, and the load test has thresholds the README runs with a pinned k6 image", () => {
  const manifest = JSON.parse(read(TEMPLATE, "package.json")) as Record<string, unknown>;
  const lock = JSON.parse(read(TEMPLATE, "package-lock.json")) as { name: string; version: string; lockfileVersion: number; packages: Record<string, Record<string, unknown>> };
  expect([lock.name, lock.version, lock.lockfileVersion]).toEqual([manifest.name, manifest.version, 3]);
  expect(lock.packages[""]).toEqual({ name: manifest.name, version: manifest.version, engines: manifest.engines });

  const loadTest = read(TEMPLATE, "k6/load-test.js");
  expect(loadTest).toMatch(/http_req_duration: \["p\(95\)<\d+"/);
  expect(loadTest).toMatch(/http_req_failed: \["rate<0\.\d+"\]/);
  const readme = read(TEMPLATE, "README.md");
  expect(readme).toContain("k6 run k6/load-test.js");
  expect(readme).toMatch(/grafana\/k6:\d+\.\d+\.\d+ run /);
});

describe("the service", () => {
  interface Running {
    port: number;
    output: () => string;
    stop: () => Promise<number | null>;
  }

  /** Starts server.js of the filled copy on a free port and waits for its "listening" line. */
  function start(env: Record<string, string>): Promise<Running> {
    const child = spawn(process.execPath, ["server.js"], { cwd: copy, env: { PATH: process.env.PATH ?? "", PORT: "0", ...env } });
    let output = "";
    return new Promise((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const listening = output.split("\n").find((line) => line.includes('"listening"'));
        if (listening) {
          resolve({
            port: (JSON.parse(listening) as { port: number }).port,
            output: () => output,
            stop: () => new Promise((done) => (child.kill("SIGTERM"), child.on("exit", (code) => done(code)))),
          });
        }
      });
      child.on("exit", () => reject(new Error(`server.js exited: ${output}`)));
    });
  }

  function get(port: number, path: string, cookie?: string): Promise<{ status: number; body: string; cookie?: string }> {
    return new Promise((resolve, reject) => {
      const call = request({ host: "127.0.0.1", port, path, headers: cookie ? { cookie } : {} }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body, cookie: response.headers["set-cookie"]?.[0] }));
      });
      call.on("error", reject);
      call.end();
    });
  }

  test("refuses to start without SESSION_SECRET, saying which setting is missing", () => {
    const result = spawnSync(process.execPath, ["server.js"], { cwd: copy, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ level: "error", missing: ["SESSION_SECRET"] });
  });

  test("serves /healthz and a signed Secure cookie, logs JSON without the secret, and stops on SIGTERM", async () => {
    const secret = "a-session-secret-the-logs-must-never-show";
    const server = await start({ SESSION_SECRET: secret });
    try {
      expect(await get(server.port, "/healthz")).toMatchObject({ status: 200 });
      const first = await get(server.port, "/");
      expect(first).toMatchObject({ status: 200, body: JSON.stringify({ message: "hello", visits: 1 }) });
      expect(first.cookie).toMatch(/^visits=1\.[\w-]+; Path=\/; Secure; HttpOnly; SameSite=Lax/);
      const cookie = first.cookie!.split(";")[0];
      expect((await get(server.port, "/", cookie)).body).toBe(JSON.stringify({ message: "hello", visits: 2 }));
      // A cookie whose count was raised by hand fails its signature and counts as none.
      expect((await get(server.port, "/", cookie.replace("visits=1.", "visits=9."))).body).toBe(JSON.stringify({ message: "hello", visits: 1 }));
      expect(await get(server.port, "/nothing-here")).toMatchObject({ status: 404 });
      const healthcheck = spawnSync(process.execPath, ["healthcheck.js"], { cwd: copy, env: { PORT: String(server.port) } });
      expect(healthcheck.status).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const lines = server.output().trim().split("\n").map((line) => JSON.parse(line) as { level: string; message: string });
    expect(lines.map((line) => line.message)).toEqual(["listening", "request", "request", "request", "request", "request", "request", "shutting down"]);
    expect(server.output()).not.toContain(secret);
  });

  test("the container health check fails when nothing answers", () => {
    expect(spawnSync(process.execPath, ["healthcheck.js"], { cwd: copy, env: { PORT: "1" } }).status).toBe(1);
  });
});
