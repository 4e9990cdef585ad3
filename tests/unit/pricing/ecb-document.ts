/** The ECB's eurofxref-daily.xml as published (trimmed to a few currencies). */
export const ECB_DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender>
		<gesmes:name>European Central Bank</gesmes:name>
	</gesmes:Sender>
	<Cube>
		<Cube time='2026-11-26'>
			<Cube currency='USD' rate='1.0823'/>
			<Cube currency='JPY' rate='162.45'/>
			<Cube currency='GBP' rate='0.83215'/>
			<Cube currency='CHF' rate='0.9412'/>
			<Cube currency='ISK' rate='150.10'/>
		</Cube>
	</Cube>
</gesmes:Envelope>`;
