import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestContext } from './request-context.ts';

describe('requestContext', () => {
  it('takes the ip, user agent and request id of a request', async () => {
    const app = Fastify({ genReqId: () => 'req-42' });
    app.get('/', async (request) => requestContext(request));
    const long = 'x'.repeat(2000);
    const response = await app.inject({
      url: '/',
      headers: { 'user-agent': long },
      remoteAddress: '203.0.113.9',
    });
    expect(response.json()).toEqual({
      ip: '203.0.113.9',
      userAgent: long.slice(0, 512),
      requestId: 'req-42',
    });
    const bare = await app.inject({ url: '/', headers: { 'user-agent': '' } });
    expect(bare.json().userAgent).toBeNull();
    await app.close();
  });
});
