/** Sapling's mark (the same drawing as /favicon.svg), inline so it needs no font and no request. */
export function BrandMark({ size = 24 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#2f7d32" />
      <path d="M16 27V15" stroke="#e8f5e9" strokeWidth="2.5" strokeLinecap="round" />
      <path d="M16 16c-6 0-9-4-9-9 6 0 9 4 9 9zM16 19c5 0 8-3 8-8-5 0-8 3-8 8z" fill="#e8f5e9" />
    </svg>
  );
}
