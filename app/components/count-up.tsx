import { useEffect, useRef, useState } from "react";
import { useGrams } from "./grams";

const DURATION_MS = 700;

const reducedMotion = () => typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

/** A gram figure that counts up (or down) to its new value when it changes; at once if motion is reduced. */
export function CountUp({ grams: value, testId }: { grams: number; testId?: string }) {
  const grams = useGrams();
  const [shown, setShown] = useState(value);
  const from = useRef(value);
  useEffect(() => {
    const start = from.current;
    from.current = value;
    if (start === value) return;
    if (reducedMotion()) {
      setShown(value);
      return;
    }
    let frame = 0;
    const began = performance.now();
    const step = (now: number) => {
      const progress = Math.min(1, (now - began) / DURATION_MS);
      setShown(Math.round(start + (value - start) * (1 - (1 - progress) ** 3)));
      if (progress < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [value]);
  return <span data-testid={testId} data-value={value}>{grams(shown)}</span>;
}
