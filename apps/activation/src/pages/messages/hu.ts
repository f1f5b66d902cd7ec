import { Messages } from './en';

export const hu: Messages = {
  brand: 'Ügyfélkapu',
  skipToContent: 'Ugrás a tartalomra',
  languageSwitcher: 'Nyelv',
  errorTitlePrefix: 'Hiba',
  errorSummaryTitle: 'Hiba történt',
  errorLabel: 'Hiba',
  footer: 'Ügyfélkapu – a magyar állam elektronikus azonosítási szolgáltatása',
  fields: {
    code: { label: 'Egyszer használatos kód', hint: 'A levelünkben kapott 16 karakteres kód, például ABCD-EFGH-JKMN-PQRS.' },
    username: {
      label: 'Felhasználónév',
      hint: '4–64 karakter: betűk, számjegyek, pont (.) és aláhúzás (_), legalább 3 különböző karakterrel.',
    },
    loginUsername: { label: 'Felhasználónév' },
    newPassword: { label: 'Jelszó', hint: '12–128 karakter. Nem tartalmazhatja a felhasználónevét, és nem lehet gyakori jelszó.' },
    password: { label: 'Jelszó' },
    passwordValidityDays: {
      label: 'A jelszó érvényessége napokban (nem kötelező)',
      hint: 'Egész szám 1 és 730 között. Ha üresen hagyja, a jelszó 730 napig (két évig) érvényes.',
    },
    email: { label: 'E-mail-cím', hint: 'A konzulátuson megadott cím.' },
  },
  errors: {
    INVALID_CODE: 'Ez a kód nem érvényes. Lehet, hogy elgépelte, már felhasználták, újabb kód váltotta fel, vagy lejárt.',
    USERNAME_INVALID:
      'Válasszon 4–64 karakteres felhasználónevet: betűk, számjegyek, pont (.) és aláhúzás (_), legalább 3 különböző karakterrel.',
    USERNAME_TAKEN: 'Ez a felhasználónév foglalt. Válasszon másikat.',
    PASSWORD_TOO_WEAK: 'Válasszon 12–128 karakteres jelszót, amely nem tartalmazza a felhasználónevét, és nem gyakori jelszó.',
    PASSWORD_VALIDITY_OUT_OF_RANGE: 'Adjon meg egy egész számot 1 és 730 között, vagy hagyja üresen a mezőt.',
    INVALID_CREDENTIALS: 'A felhasználónév vagy a jelszó nem megfelelő.',
    PASSWORD_EXPIRED: 'A jelszava lejárt. Az Elfelejtett jelszó funkcióval állíthat be újat.',
    TOO_MANY_ATTEMPTS: 'Túl sok sikertelen próbálkozás. Várjon néhány percet (legfeljebb 15-öt), majd próbálja újra.',
    EMAIL_MISSING: 'Adja meg az e-mail-címét.',
    VALIDATION_FAILED: 'Ez a mező olyan karaktert tartalmaz, amely nem használható. Írja be újra.',
    UNEXPECTED: 'Hiba történt. Kérjük, próbálja újra.',
  },
  activate: {
    title: 'Ügyfélkapu aktiválása',
    intro: 'Adja meg a levelünkben kapott egyszer használatos kódot, majd válasszon felhasználónevet és jelszót.',
    submit: 'Aktiválás',
    successTitle: 'Ügyfélkapuja aktív',
    success: 'Felhasználóneve: {username}. Jelszava eddig érvényes: {expiresAt}.',
    noCode: 'Lejárt a kódja? Kérjen újat',
  },
  forgottenPassword: {
    title: 'Elfelejtett jelszó',
    intro:
      'Adja meg az e-mail-címét. Ha tartozik hozzá Ügyfélkapu, új egyszer használatos kódot küldünk rá: az Ügyfélkapu aktiválásához vagy új jelszó beállításához.',
    submit: 'Új kód kérése',
    successTitle: 'Nézze meg a postafiókját',
    success:
      'Ha a(z) {email} címhez tartozik Ügyfélkapu, új egyszer használatos kódot küldtünk rá. A kód 5 napig érvényes; a korábbi kódok érvényüket vesztették.',
  },
  resetPassword: {
    title: 'Új jelszó beállítása',
    intro: 'Adja meg a levelünkben kapott egyszer használatos kódot, és válasszon új jelszót.',
    submit: 'Új jelszó beállítása',
    successTitle: 'Új jelszava beállítva',
    success: 'Új jelszava eddig érvényes: {expiresAt}. A régi jelszó már nem használható.',
    noCode: 'Lejárt a kódja? Kérjen újat',
  },
  login: {
    title: 'Bejelentkezés',
    intro: 'Jelentkezzen be Ügyfélkapus felhasználónevével és jelszavával.',
    submit: 'Bejelentkezés',
    successTitle: 'Sikeresen bejelentkezett',
    success: 'A felhasználónév és a jelszó helyes. Jelszava eddig érvényes: {expiresAt}.',
    forgotten: 'Elfelejtette a jelszavát?',
  },
  loginLink: 'Bejelentkezés az új jelszóval',
  refused: {
    title: 'Az űrlapot nem sikerült elküldeni',
    csrf:
      'Biztonsági okból nem fogadhattuk el az űrlapot: lehet, hogy túl sokáig volt nyitva, másik webhelyről küldték, vagy a böngészője nem fogad el sütiket erről az oldalról. Nyissa meg újra az űrlapot, és küldje el ismét.',
    back: 'Az űrlap újbóli megnyitása',
  },
  failed: {
    title: 'Hiba történt',
    unavailable: 'A szolgáltatás átmenetileg nem érhető el. Kérjük, néhány perc múlva próbálja újra.',
    unexpected: 'Hiba történt a rendszerünkben. Kérjük, próbálja újra később.',
    back: 'Vissza az űrlaphoz',
  },
};
