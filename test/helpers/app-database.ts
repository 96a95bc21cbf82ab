// The center's live database before the migration, as SOURCES.md §7 describes it: the plan's customers
// table (`데이터베이스 현재 구조`) holding customers staff entered in the app, and an app table that points
// at it. The app's rows are chosen against the sample ledger (invented people):
// - customer 2 is ledger 번호 10 (same name and phone) under another id;
// - customer 3 has an id that is a ledger 번호 (3), but is someone else;
// - customer 4 shares ledger 번호 1's name with another phone (a namesake);
// - customers 1, 5 and 6 are not in the ledger at all.

import type { TestDatabase } from './db.ts';

/** The plan's current customers table, word for word, and the app's package purchases pointing at it. */
export const PLAN_CUSTOMERS_DDL = `
CREATE TABLE customers (
    customer_id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    phone VARCHAR(20) NOT NULL,
    first_visit_date DATE,
    region VARCHAR(50),
    referral_source VARCHAR(100),
    health_concerns TEXT,
    notes TEXT,
    assigned_staff VARCHAR(100),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE package_purchases (
    purchase_id SERIAL PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
    package TEXT NOT NULL,
    purchased_on DATE NOT NULL
);`;

/** The ledger rows the fixture is built against (sample ledger, 고객관리대장_전체고객.csv). */
export const LEDGER = {
  /** 번호 10: the app has this person as customer 2. */
  adopted: { ledgerNumber: 10, name: '김주환', phone: '010-7911-0435' },
  /** 번호 3: the app's customer 3 is someone else. */
  idTaken: { ledgerNumber: 3, name: '문시우', phone: '010-3685-5159' },
  /** 번호 1: the app's customer 4 has this name and another phone. */
  namesake: { ledgerNumber: 1, name: '박은훈', phone: '010-7733-3845' },
} as const;

export const APP_CUSTOMERS = [
  { id: 1, name: '앱첫손님', phone: '010-5550-0001', region: '서울 마포구', notes: null },
  { id: 2, name: LEDGER.adopted.name, phone: LEDGER.adopted.phone, region: null, notes: '앱에서 등록: 레드 관심' },
  { id: 3, name: '최앱고객', phone: '010-5550-0003', region: '김포시', notes: null },
  { id: 4, name: LEDGER.namesake.name, phone: '010-5550-0004', region: '부천시', notes: '동명이인 주의' },
  { id: 5, name: '정앱손님', phone: '010-5550-0005', region: null, notes: null },
  { id: 6, name: '한앱손님', phone: '010-5550-0006', region: '양천구', notes: '주말 방문' },
] as const;

/** Builds the app's database in an empty (unmigrated) test database. */
export async function createAppDatabase(db: TestDatabase, extraDdl = ''): Promise<void> {
  await db.query(PLAN_CUSTOMERS_DDL + extraDdl);
  for (const c of APP_CUSTOMERS) {
    await db.query(
      `INSERT INTO customers (name, phone, region, notes, first_visit_date, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '2025-07-01', '2025-07-01 10:00', '2025-07-02 11:30')`,
      [c.name, c.phone, c.region, c.notes],
    );
  }
  await db.query(
    `INSERT INTO package_purchases (customer_id, package, purchased_on)
     VALUES (1, '레드 10회', '2025-07-01'), (2, '올케어 40', '2025-07-03'), (3, '펄스 20회', '2025-07-05'), (4, '브레인 10회', '2025-07-06')`,
  );
}
