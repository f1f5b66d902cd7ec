import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { assetPath } from '@client-gate/pages';

const STYLESHEET = readFileSync(assetPath('activation', 'pages', 'assets', 'pages.css'), 'utf8');

/** The pages' one stylesheet: their Content-Security-Policy allows no inline style. */
@ApiExcludeController()
@Controller('assets')
export class StylesheetController {
  @Get('pages.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('X-Content-Type-Options', 'nosniff')
  stylesheet(): string {
    return STYLESHEET;
  }
}
