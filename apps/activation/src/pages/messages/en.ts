/**
 * The pages' words in English; hu.ts and uk.ts have the same shape (the compiler checks it).
 * `{name}` placeholders are filled by the `format` helper.
 */
export const en = {
  brand: 'Client Gate (Ügyfélkapu)',
  skipToContent: 'Skip to main content',
  languageSwitcher: 'Language',
  errorTitlePrefix: 'Error',
  errorSummaryTitle: 'There is a problem',
  errorLabel: 'Error',
  footer: 'Client Gate (Ügyfélkapu) – the Hungarian state’s electronic identification account',
  fields: {
    code: { label: 'One-time code', hint: 'The 16-character code from the email we sent you, for example ABCD-EFGH-JKMN-PQRS.' },
    username: {
      label: 'Username',
      hint: '4 to 64 characters: letters, digits, full stop (.) and underscore (_), with at least 3 different characters.',
    },
    loginUsername: { label: 'Username' },
    newPassword: { label: 'Password', hint: '12 to 128 characters. It must not contain your username or be a common password.' },
    password: { label: 'Password' },
    passwordValidityDays: {
      label: 'Password validity in days (optional)',
      hint: 'A whole number from 1 to 730. If you leave it empty, the password is valid for 730 days (two years).',
    },
    email: { label: 'Email address', hint: 'The address you gave at the consulate.' },
  },
  errors: {
    INVALID_CODE: 'This code is not valid. It may be mistyped, already used, replaced by a newer code or expired.',
    USERNAME_INVALID:
      'Choose a username of 4 to 64 characters: letters, digits, full stop (.) and underscore (_), with at least 3 different characters.',
    USERNAME_TAKEN: 'This username is taken. Choose another one.',
    PASSWORD_TOO_WEAK: 'Choose a password of 12 to 128 characters that does not contain your username and is not a common password.',
    PASSWORD_VALIDITY_OUT_OF_RANGE: 'Enter a whole number of days from 1 to 730, or leave the field empty.',
    INVALID_CREDENTIALS: 'The username or password is not correct.',
    PASSWORD_EXPIRED: 'Your password has expired. Set a new one with the forgotten password function.',
    TOO_MANY_ATTEMPTS: 'Too many unsuccessful attempts. Wait a few minutes (at most 15), then try again.',
    EMAIL_MISSING: 'Enter your email address.',
    VALIDATION_FAILED: 'This field holds a character that cannot be used. Type it again.',
    UNEXPECTED: 'Something went wrong. Please try again.',
  },
  activate: {
    title: 'Activate your Client Gate',
    intro: 'Enter the one-time code from our email, then choose a username and a password.',
    submit: 'Activate',
    successTitle: 'Your Client Gate is active',
    success: 'Your username is {username}. Your password is valid until {expiresAt}.',
    noCode: 'Has your code expired? Request a new one',
  },
  forgottenPassword: {
    title: 'Forgotten password',
    intro:
      'Enter your email address. If a Client Gate belongs to it, we will email you a new one-time code: to activate your Client Gate, or to set a new password.',
    submit: 'Send a new code',
    successTitle: 'Check your email',
    success:
      'If a Client Gate belongs to {email}, we have sent a new one-time code to it. The code is valid for 5 days; any earlier code no longer works.',
  },
  resetPassword: {
    title: 'Set a new password',
    intro: 'Enter the one-time code from our email and choose a new password.',
    submit: 'Set new password',
    successTitle: 'Your new password is set',
    success: 'Your new password is valid until {expiresAt}. Your old password no longer works.',
    noCode: 'Has your code expired? Request a new one',
  },
  login: {
    title: 'Log in',
    intro: 'Log in with your Client Gate username and password.',
    submit: 'Log in',
    successTitle: 'You have logged in',
    success: 'Your username and password are correct. Your password is valid until {expiresAt}.',
    forgotten: 'Forgotten your password?',
  },
  loginLink: 'Log in with your new password',
  refused: {
    title: 'The form could not be sent',
    csrf:
      'For your security we could not accept this form: it may have been open for too long, sent from another site, or your browser may not accept cookies from this site. Open the form again and send it once more.',
    back: 'Open the form again',
  },
  failed: {
    title: 'Something went wrong',
    unavailable: 'The service is temporarily unavailable. Please try again in a few minutes.',
    unexpected: 'Something went wrong on our side. Please try again later.',
    back: 'Back to the form',
  },
};

export type Messages = typeof en;
