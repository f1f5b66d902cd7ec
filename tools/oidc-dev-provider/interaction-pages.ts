const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/**
 * Nothing but the markup: no script, no inline style, no framing, never cached (the form carries a password).
 * `form-action` also governs where the form's redirects lead: the clients' origins are allowed for that.
 */
export function pageHeaders(clientOrigins: string[]): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; form-action 'self' ${clientOrigins.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} – development identity provider</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
<p><strong>Development identity provider.</strong> It stands in for the ministry's provider and never runs in production.</p>
${body}
</main>
</body>
</html>`;
}

export function loginPage(action: string, clientName: string, failed: boolean): string {
  return page(
    'Sign in',
    `<p>${escape(clientName)} asks you to sign in.</p>
${failed ? '<p role="alert" id="login-error">The user name or password is not correct.</p>' : ''}
<form method="post" action="${escape(action)}">
<p><label for="login">User name</label><br><input id="login" name="login" autocomplete="username" required${failed ? ' aria-describedby="login-error"' : ''}></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>`,
  );
}

export function expiredPage(): string {
  return page('This sign-in has expired', '<p>It took too long or was already used. Go back to the desk and start signing in again.</p>');
}

/** RP-initiated logout asks before it ends the provider's session; `form` is the provider's (id `op.logoutForm`). */
export function logoutPage(form: string): string {
  return page(
    'Sign out',
    `<p>Do you want to sign out of the identity provider too?</p>
${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button></p>`,
  );
}

export function signedOutPage(): string {
  return page('Signed out', '<p>You are signed out.</p>');
}

export function errorPage(description: string): string {
  return page('Sign-in failed', `<p>${escape(description)}</p><p>Go back to the desk and start signing in again.</p>`);
}
