import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'herald:public-route';

/** Marks a route that needs no API key: health probes, and provider webhooks (which prove themselves otherwise). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
