import { describe, expect, it } from "vitest";
import { describeDevice } from "~/auth/device";

describe("a session's device in words", () => {
  it("names the browsers and systems people use here", () => {
    const cases: [string, string | null, string | null][] = [
      ["Mozilla/5.0 (Linux; Android 14; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 MicroMessenger/8.0.49", "WeChat", "Android"],
      ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari", "iOS"],
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0", "Edge", "Windows"],
      ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36", "Chrome", "Linux"],
      ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox", "macOS"],
      ["curl/8.5.0", "curl", null],
      ["node", null, null],
      ["", null, null],
    ];
    for (const [agent, browser, system] of cases) expect(describeDevice(agent), agent).toEqual({ browser, system });
  });
});
