import { describe, expect, inject, it } from "vitest";
import { unusedCode } from "../support/totp";
import { keepScreenshot, logIn, PHONE, seriousAccessibilityProblems, useBrowser } from "../support/browser";
import { useWorkers } from "../support/processes";
import { dayText } from "~/payouts/china-days";

const browser = useBrowser();
const workers = useWorkers(() => inject("serviceEnv"));

// The demo seeds five Guanba households (three paid through the cooperative's sandbox connected
// account, two from a disbursement list) and two paid honey orders: the full payout path runs in
// the sandbox, where no money moves.

describe("payouts to households", () => {
  it("one operator builds a batch, another approves it, workers pay it, the list is confirmed, and the public sees the sums", async () => {
    workers.start();
    const maker = await (await browser.newContext("en-US")).newPage();
    await logIn(maker, "operator@sapling.demo");
    await maker.goto("/ops");
    await maker.getByRole("link", { name: "Payouts and settlements" }).click();
    await maker.getByLabel("Project").selectOption({ label: "Guanba protected area, Pingwu, Sichuan" });
    await maker.getByRole("button", { name: "Dry run" }).click();
    await maker.getByTestId("batch-preview").waitFor();
    expect(await maker.getByTestId("preview-row").count()).toBe(5);
    expect(await maker.getByTestId("batch-preview").textContent()).toMatch(/Would pay \S*¥[\d,.]+ to 5 households/);
    await maker.getByRole("button", { name: /Build the batch: 5 households/ }).click();
    await maker.waitForURL(/\/ops\/payouts\/[a-z0-9]+$/);
    const batchUrl = new URL(maker.url()).pathname;
    expect(await maker.getByTestId("batch-status").getAttribute("data-status")).toBe("DRAFT");
    await maker.getByTestId("own-batch").waitFor();
    expect(await maker.getByRole("button", { name: "Approve and pay" }).count()).toBe(0);

    const checker = await (await browser.newContext("en-US")).newPage();
    await logIn(checker, "checker@sapling.demo");
    await checker.goto(batchUrl);
    await checker.getByRole("button", { name: "Approve and pay" }).click();
    await checker.getByLabel("Code from your authenticator app").fill(await unusedCode("checker@sapling.demo"));
    await checker.getByRole("button", { name: "Yes, approve" }).click();
    await expect.poll(() => checker.getByTestId("batch-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("AWAITING_CONFIRMATION");
    expect(await checker.getByTestId("batch-progress").textContent()).toContain("5 of 5 done: 3 paid, 0 failed, 2 awaiting confirmation.");

    const list = await checker.request.get(`${batchUrl}/disbursements.csv`);
    expect(list.status()).toBe(200);
    const [header, ...lines] = (await list.text()).trim().split("\n");
    expect(lines).toHaveLength(2);
    const filled = [header, ...lines.map((line, i) => line.replace(/,,$/, `,paid,RCPT-${i + 1}`))].join("\n");
    await checker.getByTestId("confirmation-file").setInputFiles({ name: "confirmed.csv", mimeType: "text/csv", buffer: Buffer.from(filled) });
    await checker.getByRole("button", { name: "Upload the confirmation" }).click();
    await expect.poll(() => checker.getByTestId("confirmation-result").textContent()).toContain("2 paid, 0 failed, 0 unchanged, 0 lines refused.");
    await expect.poll(() => checker.getByTestId("batch-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("COMPLETED");

    // The household's printable statement shows what it was allocated and what it received.
    await checker.getByRole("link", { name: "GB-0005" }).click();
    await checker.getByRole("heading", { name: "Statement of household GB-0005" }).waitFor();
    expect(await checker.getByTestId("statement-payout").count()).toBe(1);
    expect(await checker.getByTestId("statement-totals").textContent()).toContain("¥0.00 owed now");

    // Anyone can see the sums, and nobody's name.
    const visitor = await (await browser.newContext("en-US")).newPage();
    await visitor.goto("/transparency");
    const guanbaRow = visitor.getByRole("row", { name: /^Guanba protected area/ });
    expect(await guanbaRow.getByRole("cell").nth(4).textContent()).toBe("5");
    expect(await guanbaRow.getByRole("cell").nth(3).textContent()).not.toMatch(/¥0\.00$/);
    await visitor.getByRole("link", { name: "Guanba protected area, Pingwu, Sichuan" }).click();
    const figures = await visitor.getByTestId("money-figures").textContent();
    expect(figures).toContain("5 registered households");
    expect(figures).not.toContain("¥0.00 paid out to households");
    expect(await visitor.content()).not.toContain("陈建国");
  });

  it("a household confirms its payout from the code on its paper, another reports a problem that operators see", async () => {
    // The first test paid GB-0004 and GB-0005: their statements carry their receipt codes.
    const operator = await (await browser.newContext("en-US")).newPage();
    await logIn(operator, "operator@sapling.demo");
    const codeOf = async (household: string) => {
      await operator.goto("/ops/households");
      await operator.getByRole("combobox").first().selectOption({ label: "Guanba protected area, Pingwu, Sichuan" });
      await operator.getByRole("link", { name: household }).click();
      await operator.getByTestId("receipt-print").waitFor();
      expect(await operator.getByTestId("receipt-print").textContent()).toMatch(/Check and confirm at http:\/\/[^/]+\/r\/[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/);
      return (await operator.getByTestId("receipt-code").first().textContent())!;
    };
    const [confirming, disputing] = [await codeOf("GB-0005"), await codeOf("GB-0004")];

    // On a phone, in Chinese, typed from paper in lower case without dashes.
    const household = await (await browser.newContext("zh-CN", PHONE)).newPage();
    await household.goto("/r");
    await household.getByLabel("回执码").fill("abcd");
    await household.getByRole("button", { name: "查看我的对账单" }).click();
    expect(await household.getByRole("alert").textContent()).toContain("回执码由 12 个字母和数字组成");
    await household.getByLabel("回执码").fill(confirming.replace(/-/g, "").toLowerCase());
    await household.getByRole("button", { name: "查看我的对账单" }).click();
    await household.waitForURL(`**/r/${confirming}`);
    expect(await household.getByTestId("receipt-payout").getAttribute("data-status")).toBe("PAID");
    expect(await household.getByTestId("receipt-allocations").locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await household.content()).not.toContain("陈建国");
    expect(await seriousAccessibilityProblems(household)).toEqual([]);
    await keepScreenshot(household, "receipt-phone-zh");
    await household.getByRole("button", { name: "收到了" }).click();
    await expect.poll(() => household.getByTestId("receipt-payout").getAttribute("data-answer")).toBe("CONFIRMED");
    expect(await household.getByTestId("receipt-answer").textContent()).toMatch(/^您已于 \d{4}-\d{2}-\d{2} 确认收到，谢谢。$/);
    // Twice (a second tap from another tab): told, nothing recorded again.
    const again = await household.request.post(`/r/${confirming}`, { form: { intent: "confirm" } });
    expect(again.status()).toBe(409);

    // The other household reports a problem, with a note.
    const other = await (await browser.newContext("en-US", PHONE)).newPage();
    await other.goto(`/r/${disputing}`);
    await other.getByText("No, or the amount is not right").click();
    await other.getByLabel("What happened? (optional)").fill("Only ¥80 <b>reached</b> us");
    await other.getByRole("button", { name: "Report the problem" }).click();
    await expect.poll(() => other.getByTestId("receipt-payout").getAttribute("data-answer")).toBe("DISPUTED");
    expect(await other.getByTestId("receipt-answer").textContent()).toContain("Only ¥80 <b>reached</b> us");
    await keepScreenshot(other, "receipt-disputed-phone-en");

    // The operators see it on the reconciliation page, with the note, and deal with it there.
    await operator.goto("/ops/reconciliation");
    const alarm = operator.getByTestId("alarm").filter({ hasText: "GB-0004" });
    expect(await alarm.textContent()).toContain("says its payout of");
    expect(await alarm.getByTestId("alarm-note").textContent()).toBe("Only ¥80 <b>reached</b> us");
    await alarm.getByRole("button", { name: "Mark as dealt with" }).click();
    await expect.poll(() => operator.getByTestId("alarm").filter({ hasText: "GB-0004" }).count()).toBe(0);
    expect(new URL(operator.url()).pathname).toBe("/ops/reconciliation");

    // Paid today: nothing to call about yet. The public sees the share confirmed.
    await operator.goto("/ops/receipts");
    expect(await operator.getByTestId("call-list-empty").textContent()).toContain("more than 14 days ago");
    const visitor = await (await browser.newContext("en-US")).newPage();
    await visitor.goto("/transparency");
    expect(await visitor.getByTestId("confirmed-share").textContent()).toMatch(/^\d+%\s+of payouts confirmed received by their households \(\d+ of \d+\)$/);
    // An unknown code is a 404.
    expect((await visitor.goto("/r/2345-6789-ABCD"))!.status()).toBe(404);
  });

  it("says what is wrong with a period or a minimum, and builds nothing twice", async () => {
    const page = await (await browser.newContext("en-US")).newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops/payouts");
    const project = await page.getByLabel("Project").inputValue();
    await page.goto(`/ops/payouts?project=${project}&from=2026-11-10&to=2026-11-01&minimum=ten`);
    expect(await page.getByTestId("batch-form").textContent()).toContain("The end must not be before the start.");
    expect(await page.getByTestId("batch-form").textContent()).toContain("Enter an amount in yuan, such as 10 or 10.50.");
    expect(await page.getByTestId("batch-preview").count()).toBe(0);

    // A period reaching into the future (or far out) is refused at the form, with why.
    await page.goto(`/ops/payouts?project=${project}&from=2026-01-01&to=9999-12-31&minimum=10`);
    expect(await page.getByTestId("batch-form").textContent()).toContain("Choose a day from 2018-01-01 to today");
    expect(await page.getByTestId("batch-preview").count()).toBe(0);

    // The first test paid everything: a preview says so, and a replayed build is refused.
    const today = dayText(new Date());
    await page.goto(`/ops/payouts?project=${project}&from=2026-01-01&to=${today}&minimum=10`);
    expect(await page.getByTestId("batch-preview").textContent()).toContain("Nobody of this kind is owed anything by this project up to this date.");
    const replay = await page.request.post("/ops/payouts?index", { form: { intent: "build", project, from: "2026-01-01", to: today, minimum: "10" } });
    expect(replay.status()).toBe(409);

    await page.goto("/ops/reconciliation");
    await page.getByLabel("From (China time)").fill("2026-11-10");
    await page.getByLabel("To (included)").fill("2026-11-01");
    await page.getByRole("button", { name: "Reconcile now" }).click();
    await expect.poll(() => page.getByTestId("reconcile-form").textContent()).toContain("The end must not be before the start.");
    await page.getByLabel("To (included)").fill("9999-12-31");
    await page.getByRole("button", { name: "Reconcile now" }).click();
    await expect.poll(() => page.getByTestId("reconcile-form").textContent()).toContain("Choose a day from 2018-01-01 to today");
  });

  it("reconciles the sandbox's balance with the ledger on demand", async () => {
    workers.start();
    const page = await (await browser.newContext("en-US")).newPage();
    await logIn(page, "operator@sapling.demo");
    await page.goto("/ops/reconciliation");
    await page.getByRole("button", { name: "Reconcile now" }).click();
    await page.waitForURL(/\/ops\/reconciliation\/[a-z0-9]+$/);
    await expect.poll(() => page.getByTestId("run-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("DONE");
    expect(await page.getByTestId("run-summary").textContent()).toMatch(/^Everything matches: \d+ items\.$/);
    const csv = await page.request.get(`${new URL(page.url()).pathname}.csv`);
    expect((await csv.text()).split("\n")[0]).toBe("\uFEFFstatus,kind,stripe_id,ledger_key,stripe_amount_fen,ledger_amount_fen,difference_fen,occurred_at");
  });

  it("keeps payouts and statements from anyone but operators", async () => {
    const page = await (await browser.newContext("en-US")).newPage();
    await logIn(page, "consumer@sapling.demo");
    expect((await page.goto("/ops/payouts"))!.status()).toBe(403);
    expect((await page.goto("/ops/reconciliation"))!.status()).toBe(403);
  });
});
