// A session's browser and system in words a person recognises ("Chrome on Android"), from its
// User-Agent. Only the families people know; the page says "an app or program" for the rest.

export type Device = { browser: string | null; system: string | null };

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, "WeChat"],
  [/AlipayClient\//, "Alipay"],
  [/DingTalk\//, "DingTalk"],
  [/Edg(A|iOS)?\//, "Edge"],
  [/OPR\//, "Opera"],
  [/UCBrowser\//, "UC Browser"],
  [/QQBrowser\//, "QQ Browser"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/(Chrome|CriOS)\//, "Chrome"],
  [/(Firefox|FxiOS)\//, "Firefox"],
  [/Version\/[\d.]+.*Safari\//, "Safari"],
  [/^(curl|Wget)\//i, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS/, "HarmonyOS"],
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

export function describeDevice(userAgent: string): Device {
  return {
    browser: BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
    system: SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
  };
}
