/** Reading shell commands (`src/rules/shell.ts`): which command a simple command runs. */
import { commandRun, simpleCommands } from "../../src/rules/shell";

/** The command each simple command of `script` runs, its words joined by spaces. */
const runs = (script: string): string[] => simpleCommands(script).map((words) => commandRun(words).join(" "));

describe("commandRun", () => {
  test.each([
    ["mkswap /swapfile", ["mkswap /swapfile"]],
    ["FOO=1 BAR=2 ufw enable", ["ufw enable"]],
    ["sudo -E -u root ufw enable", ["ufw enable"]],
    ["sudo --user=root -- ufw enable", ["ufw enable"]],
    ["env -u LANG DEBIAN_FRONTEND=noninteractive apt-get install -y ufw", ["apt-get install -y ufw"]],
    ["nohup nice -n 10 swapon -a", ["swapon -a"]],
    ["timeout -k 5 30 swapon -a", ["swapon -a"]],
    ["exec -a setup /usr/sbin/ufw enable", ["/usr/sbin/ufw enable"]],
    ["stdbuf -o L time -p swapon -a", ["swapon -a"]],
    ["/usr/bin/sudo ufw enable", ["ufw enable"]],
    // A shell runs the command line after -c; without it, the script it is given.
    ["bash -ec 'mkswap /swapfile'", ["mkswap /swapfile"]],
    ["sh -o errexit -c 'swapon -a'", ["swapon -a"]],
    ["bash /opt/setup.sh", ["bash /opt/setup.sh"]],
    // Compound commands: the command follows the word that opens it.
    ["if ! swapon --show; then mkswap /swapfile; fi", ["swapon --show", "mkswap /swapfile", "fi"]],
    ["while true; do ufw enable; done", ["true", "ufw enable", "done"]],
  ])("%j runs %j", (script, commands) => {
    expect(runs(script)).toEqual(commands);
  });

  test("a program named only as an argument does not run", () => {
    expect(runs("echo mkswap /swapfile")).toEqual(["echo mkswap /swapfile"]);
    expect(runs("dnf install -y ufw")).toEqual(["dnf install -y ufw"]);
  });

  test("command -v and -V only print where a program is: nothing runs", () => {
    expect(commandRun(["command", "-v", "ufw"])).toEqual([]);
    expect(commandRun(["command", "-V", "ufw"])).toEqual([]);
    expect(commandRun(["command", "ufw", "enable"])).toEqual(["ufw", "enable"]);
  });

  test("a wrapper or assignments alone run nothing", () => {
    expect(commandRun(["sudo"])).toEqual([]);
    expect(commandRun(["FOO=1"])).toEqual([]);
  });
});
