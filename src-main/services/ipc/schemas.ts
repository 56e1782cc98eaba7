import { z } from 'zod';
import { UPLOAD_CHUNK_BYTES, type Channel } from '@shared/channels';
import {
  FILE_HANDLE_PATTERN,
  isModelId,
  isProjectId,
  MODEL_ID_RULE,
  PROJECT_ID_RULE,
  UPLOAD_ID_PATTERN,
  DOWNLOAD_ID_PATTERN,
  PREDICT_RUN_ID_PATTERN,
} from '@shared/ids';
import { isLoopbackUrl } from '@shared/loopback';
import { COLUMN_ROLES, ENCODE_STRATEGIES, IMPUTE_STRATEGIES, SCALE_STRATEGIES } from '@shared/project';
import { STAGES } from '@shared/stages';
import { TASKS } from '@shared/tasks';

const empty = z
  .object({})
  .strict()
  .or(z.undefined())
  .transform(() => ({}));
const projectId = z.string().refine(isProjectId, `is not a project id. ${PROJECT_ID_RULE}`);
const modelId = z.string().refine(isModelId, `is not a model id. ${MODEL_ID_RULE}`);
const path = z.string().min(1).max(4096);
/** A FileRef handle: the renderer names files only by these. */
const handle = z.string().regex(FILE_HANDLE_PATTERN, 'a file handle');
const uploadId = z.string().regex(UPLOAD_ID_PATTERN, 'an upload id');
const downloadId = z.string().regex(DOWNLOAD_ID_PATTERN, 'a download id');
const runId = z.string().regex(PREDICT_RUN_ID_PATTERN, 'a run id');
const source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), handle }).strict(),
  z.object({ kind: z.literal('sample'), id: z.string().min(1).max(100) }).strict(),
  z
    .object({ kind: z.literal('kaggle'), ref: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/dataset') })
    .strict(),
]);
const share = z.number().min(0).max(1);
/** A monitoring settings change (engine/monitor/settings.ts checks how the values relate). */
const monitorUpdate = z
  .object({
    logRows: z.enum(['all', 'predictions', 'none']).optional(),
    keyColumn: z.string().min(1).max(500).nullable().optional(),
    retentionDays: z.number().int().min(1).max(36_500).optional(),
    maxRows: z.number().int().min(0).max(1e10).optional(),
    promoteMarginPct: z.number().min(0).max(100).optional(),
    windowFraction: z.number().gt(0).lt(1).optional(),
    shadowVersion: z.number().int().min(1).max(1e6).nullable().optional(),
    thresholds: z
      .object({
        psiWatch: z.number().positive().max(10).optional(),
        psiAlert: z.number().positive().max(10).optional(),
        missingAlert: share.optional(),
        unseenAlert: share.optional(),
        metricDropPct: z.number().positive().max(1000).optional(),
        minRows: z.number().int().min(1).max(1e9).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
/** One upload chunk as base64: at most UPLOAD_CHUNK_BYTES bytes once decoded (the upload decodes it strictly). */
const chunk = z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4);
const edits = z
  .object({
    task: z.enum(TASKS).optional(),
    target: z.string().max(500).nullable().optional(),
    date: z.string().max(500).nullable().optional(),
    series: z
      .object({ column: z.string().max(1000), value: z.string().max(10_000).nullable() })
      .strict()
      .nullable()
      .optional(),
    horizon: z.number().int().min(1).max(10_000).nullable().optional(),
    k: z.number().int().min(2).max(50).nullable().optional(),
    drop: z.array(z.string().max(500)).max(10_000).optional(),
    columns: z
      .record(
        z.string(),
        z
          .object({
            role: z.enum(COLUMN_ROLES),
            impute: z.enum(IMPUTE_STRATEGIES),
            encode: z.enum(ENCODE_STRATEGIES),
            scale: z.enum(SCALE_STRATEGIES),
          })
          .partial(),
      )
      .optional(),
    models: z.array(z.string().max(50)).max(50).optional(),
    budgetSeconds: z
      .number()
      .min(5)
      .max(24 * 3600)
      .optional(),
    chosenModelId: z.string().max(200).optional(),
    skipBadRows: z.boolean().optional(),
  })
  .strict();

/** Renderer input is validated here before any service sees it. */
export const REQUEST_SCHEMAS: Record<Channel, z.ZodType> = {
  'app:hello': empty,
  'samples:list': empty,
  'project:create': z.object({ name: z.string().max(200).optional(), goal: z.string().max(2000).optional() }).strict(),
  'project:list': empty,
  'project:get': z.object({ projectId }).strict(),
  'project:delete': z.object({ projectId }).strict(),
  'goal:set': z.object({ projectId, goal: z.string().max(2000) }).strict(),
  'data:attach': z.object({ projectId, source }).strict(),
  'stage:confirm': z.object({ projectId, stage: z.enum(STAGES), edits: edits.optional() }).strict(),
  'stage:back': z.object({ projectId, stage: z.enum(STAGES) }).strict(),
  'stage:cancel': z.object({ projectId, keep: z.boolean().optional() }).strict(),
  'training:continue': z
    .object({
      projectId,
      budgetSeconds: z
        .number()
        .min(5)
        .max(24 * 3600),
    })
    .strict(),
  'export:run': z
    .object({
      projectId,
      target: handle.optional(),
      include: z
        .object({ report: z.boolean(), notebook: z.boolean(), predictions: z.boolean(), data: z.boolean() })
        .partial()
        .strict()
        .optional(),
      register: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('version'), modelId }).strict(),
          z.object({ kind: z.literal('new') }).strict(),
        ])
        .optional(),
      locale: z.string().min(2).max(35).optional(),
    })
    .strict(),
  'export:registerOptions': z.object({ projectId }).strict(),
  'dialog:saveFile': z.object({ defaultName: z.string().min(1).max(255) }).strict(),
  'dialog:openFile': z.object({ directory: z.boolean().optional() }).strict(),
  'shell:openFolder': z.object({ path }).strict(),
  'download:begin': z.object({ path }).strict(),
  'download:chunk': z.object({ downloadId, offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
  'download:end': z.object({ downloadId }).strict(),
  'upload:begin': z
    .object({ name: z.string().min(1).max(255), size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
    .strict(),
  'upload:chunk': z
    .object({ uploadId, offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), base64: chunk })
    .strict(),
  'upload:finish': z.object({ uploadId }).strict(),
  'upload:abort': z.object({ uploadId }).strict(),
  'file:inspect': z.object({ handle }).strict(),
  'predict:run': z
    .object({
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('model'), modelId }).strict(),
        z.object({ kind: z.literal('bundle'), handle }).strict(),
      ]),
      input: source,
      runId: runId.optional(),
    })
    .strict(),
  'predict:cancel': z.object({ runId }).strict(),
  'predict:explain': z
    .object({
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('model'), modelId }).strict(),
        z.object({ kind: z.literal('bundle'), handle }).strict(),
      ]),
      // At most 10,000 columns of at most 10,000 characters: one row typed into a form or read from a file.
      row: z
        .record(z.string().max(1000), z.string().max(10_000).nullable())
        .refine((r) => Object.keys(r).length <= 10_000, 'has too many columns'),
    })
    .strict(),
  'image:classify': z.object({ projectId, image: z.object({ kind: z.literal('file'), handle }).strict() }).strict(),
  'kaggle:status': empty,
  'kaggle:setCredentials': z.object({ username: z.string().min(1).max(200), key: z.string().min(8).max(200) }).strict(),
  'kaggle:search': z.object({ query: z.string().min(1).max(200) }).strict(),
  'models:list': empty,
  'models:delete': z.object({ modelId }).strict(),
  'models:activate': z.object({ modelId, version: z.number().int().min(1) }).strict(),
  'monitor:state': z.object({ modelId }).strict(),
  'monitor:alerts': empty,
  'monitor:feedback': z
    .object({
      modelId,
      file: z.object({ kind: z.literal('file'), handle }).strict(),
      outcomeColumn: z.string().min(1).max(500).optional(),
    })
    .strict(),
  'monitor:update': z.object({ modelId, update: monitorUpdate }).strict(),
  'monitor:activate': z
    .object({
      modelId,
      version: z.number().int().min(1),
      kind: z.enum(['promote', 'rollback']),
      reason: z.string().max(500),
    })
    .strict(),
  'monitor:retrain': z
    .object({
      modelId,
      file: z.object({ kind: z.literal('file'), handle }).strict(),
      mode: z.enum(['append', 'replace']),
      runId: runId.optional(),
    })
    .strict(),
  'monitor:retrain-cancel': z.object({ runId }).strict(),
  'settings:get': empty,
  'settings:set': z
    .object({
      theme: z.enum(['light', 'dark', 'system']).optional(),
      lastProjectId: z.string().max(100).optional(),
      llm: z
        .object({
          url: z
            .string()
            .max(300)
            .refine((u) => u === '' || isLoopbackUrl(u), 'The language model must run on this computer (localhost).'),
          model: z.string().max(200).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
};
