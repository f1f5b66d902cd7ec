import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { documentRuleGroup, documentTypes, isReasonCode, locales, REASON_FIELDS } from '@client-gate/contracts';
import { ErrorItem } from '@client-gate/platform';
import { Response } from 'express';
import { SignedInGuard } from '../auth/signed-in.guard';
import { ConsulateCalendar } from '../pages/consulate-calendar';
import { DeskErrorFilter } from '../pages/desk-error.filter';
import { DeskPages, DeskRequest, FormErrors } from '../pages/desk-pages';
import { field, FieldName, postedFields, recordId } from '../pages/form-fields';
import { StaffApi, StaffApiError } from '../staff-api/staff-api';

const PERSON = ['familyName', 'givenNames', 'dateOfBirth', 'placeOfBirth', 'mothersBirthName'] as const;
const DOCUMENT = ['type', 'number', 'issuingCountry', 'issuedOn', 'expiresOn'] as const;
const FIELDS = [
  'kind',
  ...PERSON.map((name) => `person.${name}`),
  'citizenship',
  ...DOCUMENT.map((name) => `document.${name}`),
  'email',
  'locale',
  'reminders.enabled',
  ...PERSON.map((name) => `changes.person.${name}`),
  'changes.email',
  'changes.username',
  'changes.locale',
  'changes.reminders.enabled',
  'changes.reissueActivationCode',
];
const DATE_FIELDS = new Set(['person.dateOfBirth', 'document.issuedOn', 'document.expiresOn', 'changes.person.dateOfBirth']);
const COUNTRY_FIELDS = new Set(['citizenship', 'document.issuingCountry']);


interface Appointment {
  id: string;
  applicantName: string | null;
  startsAt: string;
  status: 'booked' | 'used';
  applicationId?: string;
}

/** Recording a register, delete or modify application at one of the consulate's appointments (R3–R6, R18). */
@Controller('appointments/:id/application')
@UseGuards(SignedInGuard)
@UseFilters(DeskErrorFilter)
export class RecordApplicationPageController {
  constructor(
    private readonly pages: DeskPages,
    private readonly api: StaffApi,
    private readonly calendar: ConsulateCalendar,
  ) {}

  @Get()
  async show(@Req() request: DeskRequest, @Res() response: Response, @Param('id', recordId()) id: string): Promise<void> {
    const appointment = await this.appointment(request, id);
    if (appointment.applicationId) return this.pages.redirect(response, `/applications/${appointment.applicationId}`);
    this.render(request, response, appointment, { kind: 'register', locale: 'hu', 'reminders.enabled': 'on', 'document.type': 'passport' });
  }

  @Post()
  async submit(@Req() request: DeskRequest, @Res() response: Response, @Param('id', recordId()) id: string): Promise<void> {
    this.pages.verifyCsrf(request);
    const typed = postedFields(request.body, FIELDS);
    const appointment = await this.appointment(request, id);
    try {
      const { id: applicationId } = await this.api.call<{ id: string }>(
        request.session!.accessToken,
        'intake',
        'POST',
        '/applications',
        applicationBody(id, typed),
      );
      this.pages.redirect(response, `/applications/${applicationId}`);
    } catch (error) {
      if (!(error instanceof StaffApiError) || ![400, 422].includes(error.status)) throw error;
      const t = this.pages.messages(request);
      const errors = this.pages.formErrors(t, error.errors.map((item) => plainCode(item, typed)), (item) => fieldOf(item, typed), FIELDS);
      this.render(request, response, appointment, typed, errors, error.status);
    }
  }

  private appointment(request: DeskRequest, id: string): Promise<Appointment> {
    return this.api.call<Appointment>(request.session!.accessToken, 'intake', 'GET', `/appointments/${id}`);
  }

  private render(request: DeskRequest, response: Response, appointment: Appointment, typed: Record<string, string>, errors?: FormErrors, status = 200): void {
    const session = request.session!;
    const lang = this.pages.language(request);
    const t = this.pages.messages(request);
    const f = (name: FieldName, options: Parameters<typeof field>[4] = {}) => field(t, name, typed, errors, options);
    const citizenship = typed['citizenship']?.toUpperCase() ?? '';
    const group = /^[A-Z]{2}$/.test(citizenship) ? documentRuleGroup(citizenship) : null;
    const localeOptions = locales.map((value) => ({ value, label: t.options.locales[value] }));
    this.pages.show(
      request,
      response,
      'record-application',
      {
        title: t.record.title,
        appointment: {
          name: appointment.applicantName ?? '–',
          time: this.calendar.dateTime(appointment.startsAt, session.consulate, lang),
        },
        action: `/appointments/${appointment.id}/application`,
        errors: errors?.errors ?? [],
        kind: f('kind', {
          type: 'radio',
          options: (['register', 'delete', 'modify'] as const).map((value) => ({ value, label: t.record.kinds[value], hint: t.record.kindHints[value] })),
        }),
        person: PERSON.map((name) => f(`person.${name}` as const, { size: name === 'dateOfBirth' ? 'medium' : 'wide' })),
        citizenship: f('citizenship', { size: 'short', autocomplete: 'country' }),
        rules: (['hungarian', 'eea', 'other'] as const).map((name) => ({ text: t.record.rules[name], applies: group === name })),
        document: DOCUMENT.map((name) =>
          name === 'type'
            ? f('document.type', { type: 'select', size: 'medium', options: documentTypes.map((value) => ({ value, label: t.options.documentTypes[value] })) })
            : f(`document.${name}` as const, {
                size: name === 'number' ? 'medium' : name === 'issuingCountry' ? 'short' : 'medium',
              }),
        ),
        register: [
          f('email', { type: 'email', autocomplete: 'off' }),
          f('locale', { type: 'select', size: 'medium', options: localeOptions }),
          f('reminders.enabled', { type: 'checkbox' }),
        ],
        changes: [
          ...PERSON.map((name) => f(`changes.person.${name}` as const, { optional: true })),
          f('changes.email', { type: 'email', optional: true }),
          f('changes.username', { optional: true, size: 'medium' }),
          f('changes.locale', { type: 'select', optional: true, size: 'medium', options: [{ value: '', label: t.options.unchanged }, ...localeOptions] }),
          f('changes.reminders.enabled', {
            type: 'select',
            optional: true,
            size: 'medium',
            options: [
              { value: '', label: t.options.unchanged },
              { value: 'on', label: t.options.remindersOn },
              { value: 'off', label: t.options.remindersOff },
            ],
          }),
          f('changes.reissueActivationCode', { type: 'checkbox' }),
        ],
      },
      status,
    );
  }
}

/** The JSON body of POST /applications (SPEC §3) from the form: `email`, `locale`, `reminders` for register, `changes` for modify. */
export function applicationBody(appointmentId: string, typed: Record<string, string>) {
  const person = Object.fromEntries(PERSON.map((name) => [name, typed[`person.${name}`]]));
  const document = Object.fromEntries(DOCUMENT.map((name) => [name, typed[`document.${name}`]]));
  document['issuingCountry'] = document['issuingCountry'].toUpperCase();
  const kind = typed['kind'];
  const body: Record<string, unknown> = { appointmentId, kind, person, citizenship: typed['citizenship'].toUpperCase(), document };
  if (kind === 'register') {
    body['email'] = typed['email'];
    body['locale'] = typed['locale'] || undefined;
    // Reminders on (the default) watch the document presented here (R19).
    if (typed['reminders.enabled'] !== 'on') body['reminders'] = { enabled: false, documents: [] };
  }
  if (kind === 'modify') {
    const changedPerson = PERSON.filter((name) => typed[`changes.person.${name}`] !== '');
    const reminders = typed['changes.reminders.enabled'];
    body['changes'] = {
      person: changedPerson.length > 0 ? { ...person, ...Object.fromEntries(changedPerson.map((name) => [name, typed[`changes.person.${name}`]])) } : undefined,
      email: typed['changes.email'] || undefined,
      username: typed['changes.username'] || undefined,
      locale: typed['changes.locale'] || undefined,
      reminders:
        reminders === 'on'
          ? { enabled: true, documents: [{ type: document['type'], number: document['number'], expiresOn: document['expiresOn'] }] }
          : reminders === 'off'
            ? { enabled: false, documents: [] }
            : undefined,
      reissueActivationCode: typed['changes.reissueActivationCode'] === 'on' || undefined,
    };
  }
  return body;
}

/** A shape error (400) told in plain words by what the field holds: empty, a date, a country code. */
function plainCode(error: ErrorItem, typed: Record<string, string>): ErrorItem {
  const { field } = error;
  if (error.code !== 'VALIDATION_FAILED' || !field) return error;
  if (typed[field] === '') return { ...error, code: 'REQUIRED' };
  if (DATE_FIELDS.has(field)) return { ...error, code: 'DATE_INVALID' };
  if (COUNTRY_FIELDS.has(field)) return { ...error, code: 'COUNTRY_INVALID' };
  return error;
}

function fieldOf(error: ErrorItem, typed: Record<string, string>): string | undefined {
  if (error.field) return error.field;
  if (error.code === 'EMAIL_INVALID') return typed['kind'] === 'modify' ? 'changes.email' : 'email';
  // Intake's rule codes (422) name no field: the contracts say which field each points at.
  return isReasonCode(error.code) ? (REASON_FIELDS[error.code] ?? undefined) : undefined;
}
