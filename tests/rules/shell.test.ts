/** Reading shell commands (`src/rules/shell.ts`): which command a simple command runs. */
import { commandLineOf, commandRun, simpleCommands } from "../../src/rules/shell";

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
    // A shell without -c runs the script it is given.
    ["bash /opt/setup.sh", ["bash /opt/setup.sh"]],
    ["/usr/bin/zsh /opt/setup.sh", ["/usr/bin/zsh /opt/setup.sh"]],
    // Compound commands: the command follows the word that opens it.
    ["if ! swapon --show; then mkswap /swapfile; fi", ["swapon --show", "mkswap /swapfile", "fi"]],
    ["while true; do ufw enable; done", ["true", "ufw enable", "done"]],
  ])("%j runs %j", (script, commands) => {
    expect(runs(script)).toEqual(commands);
  });

  test("a shell runs the command line after -c, read for its commands after the shell's own", () => {
    expect(commandRun(["bash", "-ec", "mkswap /swapfile"])).toEqual(["mkswap /swapfile"]);
    expect(simpleCommands("bash -ec 'mkswap /swapfile && swapon /swapfile'")).toEqual([["bash", "-ec", "mkswap /swapfile && swapon /swapfile"], ["mkswap", "/swapfile"], ["swapon", "/swapfile"]]);
    expect(simpleCommands("sudo sh -o errexit -c \"sudo swapon -a\"").map(commandRun)).toEqual([["sudo swapon -a"], ["swapon", "-a"]]);
    // Every shell of the list: zsh and ksh as much as sh.
    expect(simpleCommands("zsh -c 'ufw enable'").map(commandRun)).toEqual([["ufw enable"], ["ufw", "enable"]]);
    expect(simpleCommands("/bin/ksh -c 'ufw enable'").map(commandRun)).toEqual([["ufw enable"], ["ufw", "enable"]]);
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

describe("simpleCommands", () => {
  test.each([
    // Separators inside quotes are text: one command.
    ['echo "x; ufw enable"', [["echo", "x; ufw enable"]]],
    ["echo 'a && mkswap /swapfile'", [["echo", "a && mkswap /swapfile"]]],
    ["echo 'a || b | c & d (e) `f` $(g)'", [["echo", "a || b | c & d (e) `f` $(g)"]]],
    ["echo $'it\\'s; ufw enable'", [["echo", "it's; ufw enable"]]],
    ['echo "say \\"x; ufw enable\\""', [["echo", 'say "x; ufw enable"']]],
    ["echo x\\; ufw enable", [["echo", "x;", "ufw", "enable"]]],
    ["echo 'a # b' # ufw enable", [["echo", "a # b"]]],
    ["echo a#b", [["echo", "a#b"]]],
    // Quotes join what they hold to the word they stand in, and an empty pair is a word.
    ["uf'w' \"en\"able", [["ufw", "enable"]]],
    ['ufw "" enable', [["ufw", "", "enable"]]],
    // Outside quotes each separator still splits.
    ["a; b && c || d | e & f", [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]]],
    ["(cd /tmp && make) `date` $(id)", [["cd", "/tmp"], ["make"], ["date"], ["id"]]],
    ["swapon \\\n  -a", [["swapon", "-a"]]],
    ["swapon \\\r\n  -a", [["swapon", "-a"]]],
    // A command substitution inside double quotes runs, before the command it stands in.
    ['echo "$(ufw enable)" "`swapon -a`"', [["ufw", "enable"], ["swapon", "-a"], ["echo", "$(ufw enable)", "`swapon -a`"]]],
    // An output redirection's operator is a word of its own; a `>` in quotes is text.
    ["echo x>>/etc/a 2>/dev/null >| /tmp/b", [["echo", "x", ">>", "/etc/a", "2>", "/dev/null", ">|", "/tmp/b"]]],
    ['echo "a > /etc/a" a2>b', [["echo", "a > /etc/a", "a2", ">", "b"]]],
    // An unclosed quote (a line of a longer string) holds the rest of the text.
    ["echo \"a; ufw enable", [["echo", "a; ufw enable"]]],
  ])("%j is %j", (script, commands) => {
    expect(simpleCommands(script)).toEqual(commands);
  });
});

describe("commandLineOf", () => {
  test("quotes each word a shell would read otherwise, so the line reads back as the same words", () => {
    const words = ["sh", "-c", "ufw enable && swapon -a", "it's", "", "/etc/x.conf", "A=1"];
    expect(commandLineOf(words)).toBe("sh -c 'ufw enable && swapon -a' 'it'\\''s' '' /etc/x.conf A=1");
    expect(simpleCommands(commandLineOf(words))[0]).toEqual(words);
  });
});
