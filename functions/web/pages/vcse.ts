// Every VCSE screen, mounted together (log comes first so /referrals/log is not read as a referral id).
import { Hono } from 'hono';
import type { WebEnv } from '../env.js';
import { vcseLogRoutes } from './vcse-log.js';
import { vcseReferralRoutes } from './vcse-referrals.js';

export const vcseRoutes = new Hono<WebEnv>().route('/', vcseLogRoutes).route('/', vcseReferralRoutes);
