// The Content-Security-Policy of the UI, in Electron (a response header on the app's own pages) and
// in web mode (a header on every static file). Scripts only from the app itself, no eval, no
// inline scripts; images from the app, its photo protocol and blobs (drag images); nothing may
// frame the app. Inline styles stay allowed: Svelte sets style attributes, and styles cannot run code.
export function contentSecurityPolicy(photoSource: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' ${photoSource} blob: data:`,
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers sent with every page and script of the UI. */
export function securityHeaders(photoSource: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(photoSource),
    'x-content-type-options': 'nosniff',
    // The web mode's address carries its token: never send it to anyone in a Referer.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}
