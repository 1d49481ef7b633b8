import { describe, expect, it } from "vitest";
import { passwordProblems } from "~/auth/password-strength.server";

describe("how easy a new password is to guess", () => {
  it("refuses the passwords the attack run got through, and the ones common among Chinese users", () => {
    for (const password of ["12345678", "password", "aaaaaaaaaaaa", "qwertyuiop", "1qaz2wsx", "woaini1314", "5201314520", "zhangwei1990", "abc123456"]) {
      expect(passwordProblems(password), password).toContain("auth.passwordWeak");
    }
  });

  it("says why when the estimator knows, as a message key", () => {
    expect(passwordProblems("password")).toEqual(["auth.passwordWeak", "auth.passwordWarning.topTen"]);
    expect(passwordProblems("aaaaaaaaaaaa")).toEqual(["auth.passwordWeak", "auth.passwordWarning.simpleRepeat"]);
  });

  it("refuses one built from the account's own email or name", () => {
    expect(passwordProblems("xiaomingwang2026", ["xiaoming.wang2026@example.com", "Xiaoming"])).toContain("auth.passwordWeak");
  });

  it("accepts a few unrelated words, in any language's letters", () => {
    for (const password of ["a garden of sea buckthorn", "honey river lantern 7", "wo ai ni 1314 guanba shan", "蜂蜜 河流 灯笼 7"]) {
      expect(passwordProblems(password), password).toEqual([]);
    }
  });
});
