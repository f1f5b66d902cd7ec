import { Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { isoDate } from '@client-gate/contracts';
import { Response } from 'express';
import { SignedInGuard } from '../auth/signed-in.guard';
import { ConsulateCalendar } from '../pages/consulate-calendar';
import { addDays, dayBounds, instantOf } from '../pages/consulate-time';
import { DeskErrorFilter } from '../pages/desk-error.filter';
import { DeskPages, DeskRequest, FormErrors } from '../pages/desk-pages';
import { field, postedFields } from '../pages/form-fields';
import { Messages } from '../pages/messages';
import { StaffApi, StaffApiError } from '../staff-api/staff-api';

interface Appointment {
  id: string;
  channel: 'phone' | 'email';
  contact: string | null;
  applicantName: string | null;
  startsAt: string;
  status: 'booked' | 'used';
  applicationId?: string;
}

const BOOK_FIELDS = ['date', 'time', 'channel', 'contact', 'applicantName'] as const;

/** The first page after sign-in: the consulate's appointments of one day (in its time zone), and booking one. */
@Controller('appointments')
@UseGuards(SignedInGuard)
@UseFilters(DeskErrorFilter)
export class AppointmentsPageController {
  constructor(
    private readonly pages: DeskPages,
    private readonly api: StaffApi,
    private readonly calendar: ConsulateCalendar,
  ) {}

  @Get()
  async show(@Req() request: DeskRequest, @Res() response: Response, @Query('date') date: unknown, @Query('booked') booked: unknown): Promise<void> {
    const session = request.session!;
    const day = typeof date === 'string' && isoDate.safeParse(date).success ? date : this.calendar.today(session.consulate);
    await this.render(request, response, day, { booked: typeof booked === 'string' ? booked : undefined });
  }

  @Post()
  async book(@Req() request: DeskRequest, @Res() response: Response): Promise<void> {
    this.pages.verifyCsrf(request);
    const session = request.session!;
    const typed = postedFields(request.body, BOOK_FIELDS);
    const day = isoDate.safeParse(typed['date']).success ? typed['date'] : this.calendar.today(session.consulate);
    const local: FormErrors = { errors: [], byField: {} };
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(typed['time'])) local.byField['time'] = 'TIME_INVALID';
    if (!isoDate.safeParse(typed['date']).success) local.byField['date'] = 'DATE_INVALID';
    const t = this.pages.messages(request);
    if (Object.keys(local.byField).length > 0) {
      const errors = Object.entries(local.byField).map(([name, code]) => ({ code, field: name, message: code }));
      return this.render(request, response, day, { typed, errors: this.pages.formErrors(t, errors, (error) => error.field, [...BOOK_FIELDS]) }, 400);
    }
    try {
      const startsAt = instantOf(typed['date'], typed['time'], this.calendar.timeZone(session.consulate)).toISOString();
      const appointment = await this.api.call<Appointment>(session.accessToken, 'intake', 'POST', '/appointments', {
        channel: typed['channel'],
        contact: typed['contact'],
        applicantName: typed['applicantName'],
        startsAt,
      });
      this.pages.redirect(response, `/appointments?date=${day}&booked=${appointment.id}`);
    } catch (error) {
      if (!(error instanceof StaffApiError) || ![400, 422].includes(error.status)) throw error;
      const errors = this.pages.formErrors(t, error.errors, (item) => (item.field === 'startsAt' ? 'time' : item.field), [...BOOK_FIELDS]);
      await this.render(request, response, day, { typed, errors }, error.status);
    }
  }

  private async render(
    request: DeskRequest,
    response: Response,
    day: string,
    form: { typed?: Record<string, string>; errors?: FormErrors; booked?: string },
    status = 200,
  ): Promise<void> {
    const session = request.session!;
    const lang = this.pages.language(request);
    const t = this.pages.messages(request);
    const zone = this.calendar.timeZone(session.consulate);
    const { from, to } = dayBounds(day, zone);
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    const { appointments } = await this.api.call<{ appointments: Appointment[] }>(session.accessToken, 'intake', 'GET', `/appointments?${query}`);
    const booked = appointments.find((appointment) => appointment.id === form.booked);
    const typed = form.typed ?? { date: day, channel: 'phone' };
    this.pages.show(
      request,
      response,
      'appointments',
      {
        title: t.appointments.title,
        heading: this.calendar.day(day, lang),
        zone,
        previousHref: `/appointments?date=${addDays(day, -1)}`,
        nextHref: `/appointments?date=${addDays(day, 1)}`,
        todayHref: '/appointments',
        booked: booked ? this.calendar.time(booked.startsAt, session.consulate) : null,
        appointments: appointments.map((appointment) => ({
          id: appointment.id,
          time: this.calendar.time(appointment.startsAt, session.consulate),
          channel: t.appointments.channels[appointment.channel],
          contact: appointment.contact ?? '–',
          name: appointment.applicantName ?? '–',
          recordHref: appointment.status === 'booked' ? `/appointments/${appointment.id}/application` : null,
          applicationHref: appointment.applicationId ? `/applications/${appointment.applicationId}` : null,
        })),
        errors: form.errors?.errors ?? [],
        fields: this.bookFields(t, typed, form.errors),
      },
      status,
    );
  }

  private bookFields(t: Messages, typed: Record<string, string>, errors?: FormErrors) {
    return {
      date: field(t, 'date', typed, errors, { size: 'medium' }),
      time: field(t, 'time', typed, errors, { size: 'short' }),
      channel: field(t, 'channel', typed, errors, {
        type: 'select',
        size: 'medium',
        options: (['phone', 'email'] as const).map((value) => ({ value, label: t.appointments.channels[value] })),
      }),
      contact: field(t, 'contact', typed, errors),
      applicantName: field(t, 'applicantName', typed, errors, { autocomplete: 'name' }),
    };
  }
}
