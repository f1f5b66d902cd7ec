import { Controller, Get, Header } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { assetPath } from '@client-gate/pages';

const STYLESHEET = readFileSync(assetPath('desk', 'pages', 'assets', 'desk.css'), 'utf8');

/** The pages' one stylesheet (screen and print): their Content-Security-Policy allows no inline style. */
@Controller('assets')
export class AssetsController {
  @Get('desk.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('X-Content-Type-Options', 'nosniff')
  stylesheet(): string {
    return STYLESHEET;
  }
}
