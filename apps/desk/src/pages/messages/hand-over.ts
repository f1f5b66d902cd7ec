import { Locale } from '@client-gate/contracts';

/** The hand-over sheet's words in the client's language (R25; the rules are R9–R11, R15, R16). */
export interface HandOverWords {
  title: string;
  intro: string;
  emailSent: string;
  codeValidity: string;
  whereTitle: string;
  where: string;
  newCodeTitle: string;
  newCode: string;
  usernameTitle: string;
  usernameRules: string[];
  passwordTitle: string;
  passwordRules: string[];
  noSecrets: string;
  registeredAt: string;
  consulate: string;
  printHint: string;
  back: string;
}

export const HAND_OVER: Record<Locale, HandOverWords> = {
  hu: {
    title: 'Ügyfélkapu – tájékoztató a regisztrációról',
    intro: 'Ügyfélkapuja létrejött. A használatához még aktiválnia kell.',
    emailSent: 'Az aktiváló kódot e-mailben küldjük erre a címre: {email}.',
    codeValidity: 'A kód 5 napig érvényes.',
    whereTitle: 'Hol aktiválhatja?',
    where: 'Nyissa meg ezt az oldalt, írja be a kódot, és válasszon felhasználónevet és jelszót: {url}',
    newCodeTitle: 'Ha a kód lejárt vagy elveszett',
    newCode: 'Az „Elfelejtett jelszó” oldalon új kódot kérhet {date} napig (a regisztrációt követő 60. napig): {url}. Ha addig nem aktiválja, az ügyfélkapu megszűnik.',
    usernameTitle: 'Felhasználónév',
    usernameRules: [
      '4–64 karakter: betűk, számjegyek, pont (.) és aláhúzás (_)',
      'legalább 3 különböző karakter',
      'senki másé nem lehet (a kis- és nagybetű nem számít)',
    ],
    passwordTitle: 'Jelszó',
    passwordRules: [
      '12–128 karakter',
      'nem tartalmazhatja a felhasználónevet, és nem lehet gyakori jelszó',
      'érvényessége 1–730 nap, amelyet Ön választ; alapértelmezés: 730 nap (két év)',
    ],
    noSecrets: 'Ezen a lapon nincs kód és jelszó. Kódot csak e-mailben kap; jelszavát senkinek ne mondja el.',
    registeredAt: 'Regisztráció napja: {date}',
    consulate: 'Konzulátus: {consulate}',
    printHint: 'Nyomtassa ki a böngésző nyomtatás parancsával (Ctrl+P).',
    back: 'Vissza a kérelemhez',
  },
  en: {
    title: 'Client Gate – about your registration',
    intro: 'Your Client Gate has been created. To use it, you still have to activate it.',
    emailSent: 'We are sending the activation code by email to {email}.',
    codeValidity: 'The code is valid for 5 days.',
    whereTitle: 'Where to activate',
    where: 'Open this page, type the code, and choose a username and a password: {url}',
    newCodeTitle: 'If the code has expired or is lost',
    newCode: 'On the “Forgotten password” page you can ask for a new code until {date} (60 days after registration): {url}. If you do not activate it by then, the gateway is removed.',
    usernameTitle: 'Username',
    usernameRules: [
      '4 to 64 characters: letters, digits, full stop (.) and underscore (_)',
      'at least 3 different characters',
      'nobody else’s (capital and small letters count as the same)',
    ],
    passwordTitle: 'Password',
    passwordRules: [
      '12 to 128 characters',
      'must not contain your username or be a common password',
      'valid for 1 to 730 days, as you choose; 730 days (two years) if you do not choose',
    ],
    noSecrets: 'This sheet carries no code and no password. The code comes only by email; never tell anyone your password.',
    registeredAt: 'Registered on {date}',
    consulate: 'Consulate: {consulate}',
    printHint: 'Print it with your browser’s print command (Ctrl+P).',
    back: 'Back to the application',
  },
  uk: {
    title: 'Клієнтський шлюз (Ügyfélkapu) – про вашу реєстрацію',
    intro: 'Ваш Клієнтський шлюз створено. Щоб ним користуватися, його ще треба активувати.',
    emailSent: 'Код активації ми надсилаємо електронною поштою на адресу {email}.',
    codeValidity: 'Код дійсний 5 днів.',
    whereTitle: 'Де активувати',
    where: 'Відкрийте цю сторінку, введіть код і виберіть ім’я користувача та пароль: {url}',
    newCodeTitle: 'Якщо строк дії коду минув або код втрачено',
    newCode: 'На сторінці «Забутий пароль» можна отримати новий код до {date} (60 днів після реєстрації): {url}. Якщо до того часу шлюз не активовано, його буде видалено.',
    usernameTitle: 'Ім’я користувача',
    usernameRules: [
      'від 4 до 64 символів: літери, цифри, крапка (.) і підкреслення (_)',
      'щонайменше 3 різні символи',
      'не може належати іншій особі (великі й малі літери не розрізняються)',
    ],
    passwordTitle: 'Пароль',
    passwordRules: [
      'від 12 до 128 символів',
      'не може містити ім’я користувача чи бути поширеним паролем',
      'діє від 1 до 730 днів, за вашим вибором; якщо не вибрати – 730 днів (два роки)',
    ],
    noSecrets: 'На цьому аркуші немає ні коду, ні пароля. Код надходить лише електронною поштою; нікому не повідомляйте свій пароль.',
    registeredAt: 'Дата реєстрації: {date}',
    consulate: 'Консульство: {consulate}',
    printHint: 'Роздрукуйте його командою друку у браузері (Ctrl+P).',
    back: 'Назад до заяви',
  },
};
