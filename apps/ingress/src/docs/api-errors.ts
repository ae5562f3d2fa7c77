import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponseDto } from '@herald/contracts';

/** Error answers, all in the one error shape. Every endpoint with an API key can also answer 401 and 429. */
export const ApiErrors = (...statuses: Array<[number, string]>) =>
  applyDecorators(
    ...[
      [401, 'No valid API key (unauthorized)'] as [number, string],
      [429, 'Too many requests for this API key (rate_limited), see Retry-After'] as [number, string],
      ...statuses,
    ].map(([status, description]) => ApiResponse({ status, description, schema: { $ref: getSchemaPath(ErrorResponseDto) } })),
  );
