import { IsArray, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { EnvelopeOf } from '../event-envelope';

/** templateUuidFor's output: 32 lowercase hex digits. */
const TEMPLATE_UUID = /^[0-9a-f]{32}$/;

/**
 * A template sync found a template's status different from the one stored (APPROVED to PAUSED, say), or a template
 * not stored before (`previousStatus` null). Templates belong to a WhatsApp Business Account, not to a team:
 * `teamUuids` names the teams whose active channels use the account when the template service published it.
 */
export class TemplateStatusData {
  @Matches(TEMPLATE_UUID, { message: 'templateUuid must be 32 lowercase hex digits' })
  templateUuid: string;

  @MinLength(1)
  @IsString()
  wabaId: string;

  @IsOptional()
  @IsUUID(undefined, { each: true })
  @IsArray()
  teamUuids?: string[];

  @MaxLength(512)
  @IsString()
  name: string;

  @MaxLength(32)
  @IsString()
  language: string;

  /** Meta's status, as it writes it: APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL... */
  @MaxLength(64)
  @IsString()
  status: string;

  /** The status stored before the sync; null for a template the sync found for the first time. */
  @ValidateIf((data: TemplateStatusData) => data.previousStatus !== null)
  @MaxLength(64)
  @IsString()
  previousStatus: string | null;

  /** When the sync found it. */
  @IsISO8601({ strict: true })
  at: string;
}

export class TemplateStatusEvent extends EnvelopeOf(TemplateStatusData) {}
