import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../context.ts';

/** The operator console: server-rendered pages at `/` (an encapsulated plugin). */
export async function consolePlugin(_app: FastifyInstance, _ctx: AdminContext): Promise<void> {}
