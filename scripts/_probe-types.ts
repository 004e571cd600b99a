import type Stripe from 'stripe';
export type SandboxAccount = Stripe.Account;
export type SandboxTransfer = Stripe.Transfer;
export type SandboxEvent = Stripe.Event;
export type SandboxBalanceTransaction = Stripe.BalanceTransaction;
export type SandboxPayout = Stripe.Payout;
export type SandboxBalance = Stripe.Balance;
