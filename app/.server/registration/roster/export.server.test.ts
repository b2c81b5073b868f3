import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";

import { csvDialect, type ExportColumn, type ExportRow, toCsv, toXlsx } from "./export.server";
import { parseRosterFile } from "./parse.server";
import { toXlsxOffThread } from "./xlsx-off-thread.server";

const columns: ExportColumn[] = [
  { key: "reference", header: "Номер заявки" },
  { key: "child", header: "Қатысушы" },
  { key: "title", header: "Название номера" },
  { key: "birthDate", header: "Дата рождения", type: "date" },
  { key: "submittedAt", header: "Подана" },
  { key: "duration", header: "Мин." },
  { key: "length", header: "Длительность", csvHeader: "Длительность, сек", type: "duration" },
];

const rows: ExportRow[] = [
  {
    reference: "TOI-0001",
    child: "Құдайберген Ұлжан",
    title: 'Ән "Атамекен", соло',
    birthDate: "2016-03-12",
    submittedAt: new Date("2026-11-20T09:30:00Z"), // 14:30 in Almaty
    duration: 3.5,
    length: 170,
  },
  {
    reference: "TOI-0002",
    child: "Иванова Мария",
    title: "Первая строка\nвторая строка",
    birthDate: null,
    submittedAt: new Date("2026-11-20T19:00:00Z"), // midnight of 21 November in Almaty
    duration: null,
    length: null,
  },
  {
    reference: "TOI-0003",
    child: '=HYPERLINK("http://evil")',
    title: "+7 700",
    birthDate: "not a date",
    submittedAt: null,
    duration: 0,
    length: 4500,
  },
];

describe("CSV export", () => {
  it("starts with a UTF-8 BOM, uses CRLF, and survives quotes, commas and line breaks", () => {
    const bytes = toCsv(columns, rows);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.slice(1).split("\r\n")[0]).toBe(
      'Номер заявки,Қатысушы,Название номера,Дата рождения,Подана,Мин.,"Длительность, сек"',
    );

    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ["Номер заявки", "Қатысушы", "Название номера", "Дата рождения", "Подана", "Мин.", "Длительность, сек"],
      // ISO 8601 dates by default: a spreadsheet in any language reads them as dates; durations in seconds.
      ["TOI-0001", "Құдайберген Ұлжан", 'Ән "Атамекен", соло', "2016-03-12", "2026-11-20 14:30", "3.5", "170"],
      ["TOI-0002", "Иванова Мария", "Первая строка\nвторая строка", "", "2026-11-21", "", ""],
      ["TOI-0003", '\'=HYPERLINK("http://evil")', "'+7 700", "not a date", "", "0", "4500"],
    ]);
  });

  it("writes day.month.year dates and a decimal comma for a Russian or Kazakh reader", () => {
    const text = toCsv(columns, rows, csvDialect("ru")).toString("utf8");
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ";", skipEmptyLines: true });
    expect(parsed.data[1]).toEqual([
      "TOI-0001",
      "Құдайберген Ұлжан",
      'Ән "Атамекен", соло',
      "12.03.2016",
      "20.11.2026 14:30",
      "3,5",
      "170",
    ]);
    expect(csvDialect("kk")).toEqual(csvDialect("ru"));
    expect(csvDialect("en")).toEqual({ delimiter: ",", decimal: ".", dates: "iso" });
  });

  it("writes ';' for Excel in a Russian or Kazakh locale", () => {
    const text = toCsv(columns.slice(0, 3), rows.slice(0, 1), { delimiter: ";" }).toString("utf8");
    expect(text).toBe(
      '\uFEFFНомер заявки;Қатысушы;Название номера\r\nTOI-0001;Құдайберген Ұлжан;"Ән ""Атамекен"", соло"\r\n',
    );
  });

  it("round-trips a roster through the roster import", async () => {
    const roster: ExportColumn[] = [
      { key: "lastName", header: "Тегі" },
      { key: "firstName", header: "Аты" },
      { key: "birthDate", header: "Туған күні", type: "date" },
      { key: "city", header: "Қала" },
    ];
    const children = [
      { lastName: "Әбіл", firstName: "Іңкәр", birthDate: "2017-06-01", city: "Шымкент" },
      { lastName: "O'Brien", firstName: "Anna, Maria", birthDate: "2015-09-05", city: "Almaty" },
    ];
    for (const [locale, first, second] of [
      ["ru", "01.06.2017", "05.09.2015"],
      ["en", "2017-06-01", "2015-09-05"],
    ] as const) {
      const parsed = await parseRosterFile(toCsv(roster, children, csvDialect(locale)), "export.csv");
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows).toEqual([
        { line: 2, lastName: "Әбіл", firstName: "Іңкәр", patronymic: "", birthDate: first, city: "Шымкент" },
        {
          line: 3,
          lastName: "O'Brien",
          firstName: "Anna, Maria",
          patronymic: "",
          birthDate: second,
          city: "Almaty",
        },
      ]);
    }
  });
});

describe("XLSX export", () => {
  async function readBack(bytes: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    return workbook.worksheets[0]!;
  }

  it("keeps Cyrillic and Kazakh text, writes real dates, a bold frozen header and an autofilter", async () => {
    const sheet = await readBack(await toXlsx("Өтінімдер", columns, rows));
    expect(sheet.name).toBe("Өтінімдер");
    expect(sheet.getRow(1).values).toEqual([undefined, ...columns.map((c) => c.header)]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:G1");

    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe("Құдайберген Ұлжан");
    expect(first.getCell(3).value).toBe('Ән "Атамекен", соло');
    expect(first.getCell(4).value).toEqual(new Date(Date.UTC(2016, 2, 12)));
    expect(first.getCell(4).numFmt).toBe("dd.mm.yyyy");
    expect(first.getCell(5).value).toEqual(new Date(Date.UTC(2026, 10, 20, 14, 30)));
    expect(first.getCell(5).numFmt).toBe("dd.mm.yyyy hh:mm");
    expect(first.getCell(6).value).toBe(3.5);
    // 2 min 50 s as a time value shown as minutes and seconds ([m]: 75 min stays 75:00); exceljs
    // reads a time back as a Date on Excel's day zero.
    expect(first.getCell(7).value).toEqual(new Date(Date.UTC(1899, 11, 30, 0, 2, 50)));
    expect(first.getCell(7).numFmt).toBe("[m]:ss");
    expect(sheet.getRow(4).getCell(7).value).toEqual(new Date(Date.UTC(1899, 11, 30, 1, 15)));

    const second = sheet.getRow(3);
    expect(second.getCell(3).value).toBe("Первая строка\nвторая строка");
    expect(second.getCell(3).alignment?.wrapText).toBe(true);
    expect(second.getCell(4).value).toBeNull();
    expect(second.getCell(5).value).toEqual(new Date(Date.UTC(2026, 10, 21)));
    expect(second.getCell(5).numFmt).toBe("dd.mm.yyyy");

    // A string that looks like a formula stays a string in XLSX: no escaping needed, none added.
    const third = sheet.getRow(4);
    expect(third.getCell(2).value).toBe('=HYPERLINK("http://evil")');
    expect(third.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(third.getCell(4).value).toBe("not a date");
  });

  it("in a worker thread writes the same workbook, dates and all, while the event loop keeps turning", async () => {
    const many: ExportRow[] = Array.from({ length: 3000 }, (_, i) => ({
      ...rows[i % rows.length],
      reference: `TOI-${i}`,
    }));
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const [offThread, onThread] = await Promise.all([
      toXlsxOffThread("Өтінімдер", columns, many).finally(() => clearInterval(ticker)),
      readBack(await toXlsx("Өтінімдер", columns, many)),
    ]);
    const sheet = await readBack(offThread);
    expect(sheet.rowCount).toBe(onThread.rowCount);
    for (const n of [1, 2, 3, 4, 1500, 3001])
      expect(sheet.getRow(n).values, `row ${n}`).toEqual(onThread.getRow(n).values);
    expect(ticks).toBeGreaterThan(0);
  });

  it("sizes columns from their content", async () => {
    const sheet = await readBack(await toXlsx("A", columns, rows));
    expect(sheet.getColumn(1).width).toBe("Номер заявки".length + 2);
    expect(sheet.getColumn(3).width).toBe('Ән "Атамекен", соло'.length + 2); // longer than the header and each line of the two-line title
    expect(sheet.getColumn(6).width).toBe(6);
  });

  it("writes a sheet Excel accepts even from an awkward name and control characters", async () => {
    const sheet = await readBack(
      await toXlsx(
        "Итоги: 2026/27 [финал]? — очень длинное название",
        [{ key: "a", header: "A" }],
        [{ a: "bell\u0007" }],
      ),
    );
    expect(sheet.name).toBe("Итоги 2026 27 финал — очень дли");
    expect(sheet.getRow(2).getCell(1).value).toBe("bell");
  });

  it("imports back through the roster import with real dates", async () => {
    const bytes = await toXlsx(
      "Дети",
      [
        { key: "lastName", header: "Фамилия" },
        { key: "firstName", header: "Имя" },
        { key: "birthDate", header: "Дата рождения", type: "date" },
        { key: "city", header: "Город" },
      ],
      [{ lastName: "Ғалиев", firstName: "Нұрлан", birthDate: "2010-12-31", city: "Тараз" }],
    );
    const parsed = await parseRosterFile(bytes, "дети.xlsx");
    expect(parsed.rows).toEqual([
      { line: 2, lastName: "Ғалиев", firstName: "Нұрлан", patronymic: "", birthDate: "2010-12-31", city: "Тараз" },
    ]);
  });
});
