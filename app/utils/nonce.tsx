import { createContext, useContext } from "react";

// The nonce of this response's Content Security Policy (app/server/security-headers.ts), for the
// inline scripts Remix writes into the page. In the browser it is gone (browsers hide nonces from
// the DOM) and not needed: scripts added after the page loaded are our own files.
const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);

declare module "@remix-run/server-runtime" {
  // What app/server/web.ts hands every loader, action and the page renderer.
  interface AppLoadContext {
    /** This response's Content Security Policy nonce (app/server/security-headers.ts). */
    cspNonce?: string;
  }
}
