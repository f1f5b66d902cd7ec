import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { assetPath } from '@client-gate/pages';

const STYLESHEET = readFileSync(assetPath('activation', 'pages', 'assets', 'pages.css'), 'utf8');
const PASSKEYS_SCRIPT = readFileSync(assetPath('activation', 'pages', 'assets', 'passkeys.js'), 'utf8');

/** The pages' one stylesheet and one script (R27: passkeys): their Content-Security-Policy allows nothing inline. */
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

  @Get('passkeys.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('X-Content-Type-Options', 'nosniff')
  passkeysScript(): string {
    return PASSKEYS_SCRIPT;
  }
}
