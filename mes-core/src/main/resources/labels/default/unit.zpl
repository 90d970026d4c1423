^XA
^FX Unit label, 60 x 40 mm at 203 dpi (8 dots/mm): 480 x 320 dots. Shipped default; a plant
^FX overrides it with <unitrace.labels.templates>/default/unit.zpl or <family>/unit.zpl.
^FX The DataMatrix holds the GS1 element string (01)GTIN(21)serial with its FNC1 (escape _1),
^FX or the serial alone when the product has no GTIN. Placeholders: docs/labels.md.
^CI28
^PW480
^LL320
^LH0,0
^FO24,24^BXN,6,200,,,,_^FD${dataMatrix}^FS
^FO200,28^A0N,30,26^FH^FD${productName}^FS
^FO200,68^A0N,24,20^FH^FDP/N ${partNumber}^FS
^FO200,98^A0N,24,20^FH^FDRev ${revision}^FS
^FO200,128^A0N,22,18^FH^FD${madeAt} ${madeOn}^FS
^FO24,196^A0N,36,30^FH^FDS/N ${serial}^FS
^FO24,246^A0N,22,18^FH^FD${gs1HumanReadable}^FS
^XZ
