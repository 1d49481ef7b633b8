import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { Countdown } from "./countdown";
import { useGrams } from "./grams";
import { TREE_SPOT } from "./forest-scene";
import { useDateTime } from "./time";
import type { PageReply } from "~/utils/page-reply";

export type SceneBallData = {
  id: string;
  type: string;
  remaining: number;
  state: string;
  ripensAt: string;
  expiresAt: string;
  expiringSoon: boolean;
  demoShortcut: boolean;
};

export type BallResult = PageReply;

/** A small hand: on a friend's ball, "you may take from this one". */
function Hand() {
  return (
    <svg className="hand" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <path
        d="M8 11V5.5a1.5 1.5 0 0 1 3 0V10h.5V3.5a1.5 1.5 0 0 1 3 0V10h.5V5a1.5 1.5 0 0 1 3 0v8.5c0 4-2.6 7.5-6.8 7.5-2.4 0-4.2-1.2-5.5-3.3L3.4 13a1.5 1.5 0 0 1 2.5-1.6L8 14"
        fill="#fff3d6"
        stroke="#8a5a2b"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/**
 * One energy ball over the scene. A ripe one the viewer may take is a button (a plain form post
 * without JavaScript): pressed, it flies into the tree (unless motion is reduced) and reports its
 * result. Growing ones are paler with a countdown; spent ones (a friend's ball you already took
 * from, or one at its limit) are grey and cannot be pressed.
 */
export function SceneBall({
  ball,
  spot,
  index,
  intent,
  pressable,
  spent = false,
  hand = false,
  leaving = false,
  timeZone,
  onLaunch,
  onResult,
}: {
  ball: SceneBallData;
  spot: { left: string; top: string };
  index: number;
  intent: "collect" | "take";
  pressable: boolean;
  spent?: boolean;
  hand?: boolean;
  leaving?: boolean;
  timeZone: string;
  onLaunch?: (ball: SceneBallData, spot: { left: string; top: string }) => void;
  onResult?: (result: BallResult) => void;
}) {
  const { t } = useTranslation();
  const grams = useGrams();
  const formatTime = useDateTime(timeZone);
  const fetcher = useFetcher<BallResult>({ key: `ball-${ball.id}` });
  const reported = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && reported.current !== fetcher.data) {
      reported.current = fetcher.data;
      onResult?.(fetcher.data);
    }
  }, [fetcher.state, fetcher.data, onResult]);

  const source = t(`forest.action.${ball.type}`, { defaultValue: ball.type });
  const ripe = ball.state === "RIPE";
  const style = {
    left: leaving ? `${TREE_SPOT.x * 100}%` : spot.left,
    top: leaving ? `${TREE_SPOT.y * 100}%` : spot.top,
    "--bob-delay": `${(index * 0.47) % 2.4}s`,
  } as CSSProperties;
  const orb = (
    <span className="orb">
      <strong>{grams(ball.remaining)}</strong>
    </span>
  );
  return (
    <li
      className="scene-ball"
      style={style}
      data-testid="energy-ball"
      data-state={ball.state}
      data-spent={spent || undefined}
      data-leaving={leaving || undefined}
      data-expiring={ball.expiringSoon || undefined}
    >
      {pressable && ripe && !spent && !leaving ? (
        <fetcher.Form method="post" onSubmit={() => onLaunch?.(ball, spot)}>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="ballId" value={ball.id} />
          <button type="submit" className="orb-button" aria-label={t(intent === "collect" ? "forest.collectBall" : "friends.takeBall", { grams: grams(ball.remaining), source })}>
            {orb}
          </button>
        </fetcher.Form>
      ) : (
        <span className="orb-still" aria-label={spent ? t("friends.spentBall", { grams: grams(ball.remaining), source }) : undefined}>
          {orb}
        </span>
      )}
      {hand && ripe && !spent ? <Hand /> : null}
      <span className="ball-source">{source}</span>
      {ball.demoShortcut ? (
        <span className="badge demo" data-testid="demo-shortcut">
          {t("demo.shortcut")}
        </span>
      ) : null}
      <span className="ball-time">
        {ripe ? (
          <>
            {t("forest.disappears")} <Countdown to={ball.expiresAt} fallback={formatTime(ball.expiresAt)} />
          </>
        ) : (
          <>
            {t("forest.ripens")} <Countdown to={ball.ripensAt} fallback={formatTime(ball.ripensAt)} />
          </>
        )}
      </span>
    </li>
  );
}
