import { migrateToLatest, openDatabase } from "~/.server/platform/db.server";

import { databaseUrl, onServer, TEMPLATE_DATABASE } from "./db";

/**
 * With TEST_DATABASE_URL, builds the migrated template database that every PostgreSQL test
 * database is cloned from. Without it the suite runs on PGlite alone and needs nothing here.
 */
export default async function setup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) return;
  await onServer(`drop database if exists ${TEMPLATE_DATABASE} with (force)`, `create database ${TEMPLATE_DATABASE}`);
  const template = await openDatabase({ databaseUrl: databaseUrl(TEMPLATE_DATABASE), poolMax: 1 });
  try {
    await migrateToLatest(template.db);
  } finally {
    // CREATE DATABASE ... TEMPLATE refuses a template that still has connections.
    await template.close();
  }
}
