// Real, minimal binary bodies for the result endpoints: a PNG, a PDF and an
// XLSX workbook. The panel must recognise them by Content-Type and magic
// bytes (facts §1.9), so each one is a genuine file a viewer can open, built
// at start-up with nothing but node's zlib.

import { crc32, deflateSync } from 'node:zlib';

/** A 16×16 PNG: a Looker-purple square with a lighter diagonal. */
export function pngBytes() {
  const size = 16;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0]; // filter type "none"
    for (let x = 0; x < size; x++) {
      row.push(...(x === y ? [0xd7, 0xc8, 0xf5] : [0x6c, 0x43, 0xe0]));
    }
    rows.push(...row);
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type, data) {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  const crc = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A one-page PDF saying "Dashboard 7", with a correct cross-reference table. */
export function pdfBytes() {
  const text = 'BT /F1 18 Tf 72 720 Td (Dashboard 7 - rendered by the test server) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ' +
      '/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];

  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\n`;
  out += `startxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A workbook with one sheet of two rows, as a ZIP of stored entries. */
export function xlsxBytes() {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const ns = 'http://schemas.openxmlformats.org';
  const rel = `${ns}/officeDocument/2006/relationships`;
  const type = 'application/vnd.openxmlformats';
  const sheetml = `${type}-officedocument.spreadsheetml`;
  const files = {
    '[Content_Types].xml':
      `${xml}<Types xmlns="${ns}/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="${type}-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="${sheetml}.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ` +
      `ContentType="${sheetml}.worksheet+xml"/>` +
      `</Types>`,
    '_rels/.rels':
      `${xml}<Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/>` +
      `</Relationships>`,
    'xl/workbook.xml':
      `${xml}<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${rel}">` +
      `<sheets><sheet name="Query 42" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `${xml}<Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `</Relationships>`,
    'xl/worksheets/sheet1.xml':
      `${xml}<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>` +
      `<row r="1"><c r="A1" t="inlineStr"><is><t>orders.status</t></is></c>` +
      `<c r="B1" t="inlineStr"><is><t>orders.count</t></is></c></row>` +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>complete</t></is></c>` +
      `<c r="B2"><v>42</v></c></row></sheetData></worksheet>`,
  };
  return storedZip(files);
}

// ZIP with method 0 (stored): local headers, then the central directory.
// Layout from PKWARE's APPNOTE.TXT §4.3.
function storedZip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;

  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + data.length;
  }

  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
