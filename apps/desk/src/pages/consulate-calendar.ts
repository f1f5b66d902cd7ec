import { Inject, Injectable } from '@nestjs/common';
import { DESK_ENV, DeskEnv } from '../config';
import { DeskLanguage } from './messages';
import { wallClock } from './consulate-time';

/** Each consulate's time zone (CONSULATE_TIME_ZONES) and how the desk writes its dates and times. */
@Injectable()
export class ConsulateCalendar {
  private readonly formats = new Map<string, Intl.DateTimeFormat>();

  constructor(@Inject(DESK_ENV) private readonly env: DeskEnv) {}

  timeZone(consulate: string): string {
    return this.env.CONSULATE_TIME_ZONES[consulate] ?? this.env.DEFAULT_TIME_ZONE;
  }

  today(consulate: string): string {
    return wallClock(new Date(), this.timeZone(consulate)).date;
  }

  /** `1 December 2026` / `2026. december 1.` */
  day(date: string, lang: string): string {
    return this.format(lang, 'UTC', { dateStyle: 'full' }).format(new Date(`${date}T12:00:00Z`));
  }

  time(iso: string, consulate: string): string {
    return wallClock(new Date(iso), this.timeZone(consulate)).time;
  }

  dateTime(iso: string, consulate: string, lang: DeskLanguage | 'uk'): string {
    return this.format(lang, this.timeZone(consulate), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
  }

  date(iso: string, consulate: string, lang: DeskLanguage | 'uk'): string {
    return this.format(lang, this.timeZone(consulate), { dateStyle: 'long' }).format(new Date(iso));
  }

  private format(lang: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
    let format = this.formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat({ hu: 'hu-HU', en: 'en-GB', uk: 'uk-UA' }[lang] ?? lang, { ...options, timeZone });
      this.formats.set(key, format);
    }
    return format;
  }
}
