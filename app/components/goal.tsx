import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Art, Stage } from "~/projects/species";
import { useGrams } from "./grams";
import { numberFormat } from "~/utils/formats";

type Goal = { id: string; slug: string; name: string; art: Art; kind: "FOREST" | "PROTECTED_AREA"; unitCostGrams: number };
type Growth = { stage: Stage; have: number; missing: number; share: number };

/** How far the balance has grown the goal: a progress bar with the numbers, and "plant it" when ready. */
export function GoalProgress({ goal, growth, held }: { goal: Goal; growth: Growth; held: { trees: { count: number }[]; squareMetres: number } }) {
  const { t, i18n } = useTranslation();
  const grams = useGrams();
  const number = (n: number) => numberFormat(i18n.language).format(n);
  const name = t(`species.${goal.art}`);
  const progress = t("forest.goal.progress", { have: number(growth.have), cost: grams(goal.unitCostGrams), name });
  const trees = held.trees.reduce((sum, h) => sum + h.count, 0);
  return (
    <section className="goal" data-testid="goal" data-stage={growth.stage}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={t("forest.goal.label", { name })}
        aria-valuemin={0}
        aria-valuemax={goal.unitCostGrams}
        aria-valuenow={growth.have}
        aria-valuetext={progress}
      >
        <span style={{ width: `${Math.round(growth.share * 1000) / 10}%` }} />
      </div>
      {growth.stage === "ready" ? (
        <p className="goal-ready">
          {t("forest.goal.ready", { name })}{" "}
          <Link className="button" to={`/projects/${goal.slug}#redeem`}>
            {t("forest.goal.plant")}
          </Link>
        </p>
      ) : (
        <p>
          <strong data-testid="goal-progress">{progress}</strong>
          <br />
          <span className="muted">{t("forest.goal.missing", { grams: grams(growth.missing), project: goal.name })}</span>
        </p>
      )}
      {trees || held.squareMetres ? <p className="muted">{t("forest.goal.held", { count: trees, squareMetres: number(held.squareMetres) })}</p> : null}
    </section>
  );
}

/**
 * What to grow: on the first visit, the game in three steps and the first choice; afterwards, a
 * way to change it. Any open project may be chosen.
 */
export function GoalPicker({ choices, current, firstVisit = false }: { choices: (Goal & { state: string })[]; current: string | null; firstVisit?: boolean }) {
  const { t, i18n } = useTranslation();
  const number = numberFormat(i18n.language);
  const busy = useNavigation().state !== "idle";
  if (choices.length === 0) return null;
  const form = (
    <Form method="post" className="row">
      <input type="hidden" name="intent" value="set-goal" />
      <label>
        {t("forest.goal.choose")}
        <select name="projectId" defaultValue={current ?? undefined} data-testid="goal-select">
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.name} · {t("projects.cost", { grams: number.format(choice.unitCostGrams), unit: t(`projects.unit.${choice.kind}`) })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        {t(firstVisit ? "forest.goal.start" : "forest.goal.change")}
      </button>
    </Form>
  );
  if (!firstVisit) {
    return (
      <details className="goal-change">
        <summary>{t("forest.goal.other")}</summary>
        {form}
      </details>
    );
  }
  return (
    <section className="card onboarding" data-testid="onboarding">
      <h2>{t("forest.welcome.title")}</h2>
      <ol className="steps">
        <li>{t("forest.welcome.earn")}</li>
        <li>{t("forest.welcome.collect")}</li>
        <li>{t("forest.welcome.plant")}</li>
      </ol>
      {form}
    </section>
  );
}
