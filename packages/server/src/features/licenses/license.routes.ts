import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../core/app-context';
import { notFound } from '../../core/problem';
import { IdParams, Page, checkedString } from '../../core/schemas';
import { configureLicenseSigning } from './license-signing';
import {
  LICENSE_READER_ROLES,
  getLicenseFor,
  revokeLicenseAsStaff,
  searchLicenses,
  verifyLicense,
  walletOf,
} from './license.service';

const Text = z.object({ zh: z.string(), en: z.string() });
const Status = z.enum(['valid', 'revoked', 'expired', 'invalid-signature']);

const License = z.object({
  id: z.string(),
  licenseNo: z.string(),
  typeCode: z.string(),
  typeName: Text,
  holderKind: z.enum(['person', 'enterprise']),
  holderId: z.string().describe('身份证号 or 统一社会信用代码: in full for the holder, masked for staff'),
  holderName: z.string(),
  title: z.string(),
  data: z.record(z.string(), z.unknown()),
  issuerName: z.string(),
  issuerRegion: z.string().nullable(),
  issuedAt: z.date(),
  validUntil: z.string().nullable().describe('last day of validity (YYYY-MM-DD); null for 长期'),
  sourceApplicationId: z.string().nullable(),
  revokedAt: z.date().nullable(),
  revokedReason: z.string().nullable(),
  status: Status,
});

const Verification = z.object({
  status: z.enum(['valid', 'revoked', 'expired', 'invalid-signature']),
  id: z.string(),
  licenseNo: z.string(),
  typeCode: z.string(),
  typeName: Text,
  holderName: z.string().describe("a person's name masked (张**); an enterprise's name in full"),
  holderIdMasked: z.string(),
  title: z.string(),
  issuedAt: z.date(),
  validUntil: z.string().nullable(),
  issuerName: z.string(),
  issuerRegion: z.string().nullable(),
  revokedAt: z.date().nullable(),
});

const tags = ['licenses'];
const LICENSE = { zh: '电子证照', en: 'e-licence' };

/**
 * The e-licence library (电子证照库): the holder's wallet, staff look-up and revocation, and
 * public verification with a QR code.
 */
export const licenseRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    configureLicenseSigning(ctx.config);

    app.get('/wallet', {
      config: { access: ['citizen', 'enterprise'] },
      schema: {
        tags,
        summary: "The caller's e-licences (by 身份证号 or 统一社会信用代码), newest first",
        response: { 200: z.object({ items: z.array(License) }) },
      },
      handler: async (request) => ({ items: await walletOf(ctx, request.actor) }),
    });

    app.get('/licenses', {
      config: { access: [...LICENSE_READER_ROLES] },
      schema: {
        tags,
        summary: 'Look e-licences up by holder number and type (holder numbers masked)',
        querystring: Page.extend({
          holderId: z.string().trim().max(18).optional(),
          type: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(License), total: z.number() }) },
      },
      handler: async (request) => searchLicenses(ctx, request.query),
    });

    app.get('/licenses/:id', {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'One e-licence: in full for its holder, numbers masked for staff',
        params: IdParams,
        response: { 200: License },
      },
      handler: async (request) => getLicenseFor(ctx, request.actor, request.params.id),
    });

    app.post('/licenses/:id/revoke', {
      config: { access: ['admin', 'reviewer'] },
      schema: {
        tags,
        summary: 'Revoke (吊销) an e-licence: administrators, or reviewers of the issuing department',
        params: IdParams,
        body: z.object({
          reason: checkedString((v) => v.trim().length >= 2 && v.length <= 200, {
            zh: '吊销原因须为 2–200 个字符',
            en: 'the reason must be 2–200 characters',
          }),
        }),
        response: { 200: License },
      },
      handler: async (request) =>
        revokeLicenseAsStaff(ctx, request.actor, request.params.id, request.body.reason),
    });

    app.get('/verify/:id', {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Verify an e-licence (public): its status and what may be shown publicly',
        params: IdParams,
        response: { 200: Verification },
      },
      handler: async (request) => {
        const { status, license } = await verifyLicense(ctx.db, request.params.id);
        if (status === 'not-found' || !license) throw notFound(LICENSE);
        return { status, ...license };
      },
    });

    app.get('/verify/:id/qr.svg', {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "An SVG QR code of the licence's public verification page",
        params: IdParams,
        produces: ['image/svg+xml'],
      },
      handler: async (request, reply) => {
        const { status } = await verifyLicense(ctx.db, request.params.id);
        if (status === 'not-found') throw notFound(LICENSE);
        const url = `${request.protocol}://${request.host}/verify/${request.params.id}`;
        const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        return reply
          .header('content-type', 'image/svg+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(svg);
      },
    });
  };
