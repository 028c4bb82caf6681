import { packProfile } from "../../src/adapters/pulumi/pack-profile";
import { profileConfig } from "../../src/engine/settings";
import { pulumiRules } from "../../src/rules/catalogue";
import { ensureBundle, pb, startPack, type Pack } from "../support/analyzer";

const LEVELS: Record<string, number> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  disabled: pb.EnforcementLevel.DISABLED,
};

describe("the profile chosen by the stack's config", () => {
  let pack: Pack;
  beforeAll(async () => {
    await ensureBundle();
    pack = await startPack({ PULUMI_CONFIG: JSON.stringify({ "prodready:profile": "script", "aws:region": "eu-west-1" }), PRODREADY_PROFILE: "platform" });
  });
  afterAll(() => pack?.close());

  test("becomes the initial config and each policy's own level", async () => {
    const info = await pack.info();
    const initial = info.getInitialconfigMap();
    const expected = profileConfig(pulumiRules, "script");
    for (const policy of info.getPoliciesList()) {
      const level = LEVELS[expected[policy.getName()].enforcementLevel];
      expect([policy.getName(), initial.get(policy.getName())?.getEnforcementlevel()]).toEqual([policy.getName(), level]);
      expect(policy.getEnforcementlevel()).toBe(level);
    }
    // The script profile must differ from the default for this test to prove anything.
    expect(expected).not.toEqual(profileConfig(pulumiRules, "service"));
  });
});

describe("packProfile", () => {
  test("prefers the stack's config, then PRODREADY_PROFILE, then the default", () => {
    expect(packProfile({ PULUMI_CONFIG: '{"prodready:profile":"script"}', PRODREADY_PROFILE: "platform" })).toBe("script");
    expect(packProfile({ PULUMI_CONFIG: '{"aws:region":"eu-west-1"}', PRODREADY_PROFILE: "platform" })).toBe("platform");
    expect(packProfile({})).toBe("service");
  });

  test("refuses an unknown profile instead of enforcing another", () => {
    expect(() => packProfile({ PRODREADY_PROFILE: "prod" })).toThrow(/unknown profile "prod".*script, service, platform/);
  });

  test("a pack given an unknown profile exits before serving, saying why", async () => {
    await expect(startPack({ PULUMI_CONFIG: '{"prodready:profile":"huge"}' })).rejects.toThrow(/unknown profile "huge"/);
  });
});
