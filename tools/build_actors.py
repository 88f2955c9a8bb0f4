#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds qasid's built-in country actors and places from Debian's iso-codes.

    tools/build_actors.py [--iso DIR]

writes data/actors-countries-en.txt (qasid's actor format: each country's
ISO 3166-1 names, its demonyms and adjectives, and its capital as the
government) and data/places-en.txt (countries and their ISO 3166-2
first-level subdivisions). The names and codes come from iso-codes
(apt-get install iso-codes); the demonyms, capitals and other names below
are written by the project from public knowledge. Deterministic.
"""
import argparse
import json
import os

# ISO3: demonyms and adjectives | capital(s) used for the government | more names.
# Plurals are found by the matcher (Afghan -> Afghans); irregular ones are written.
EXTRA = """
AFG: Afghan, Afghani | Kabul | Islamic Republic of Afghanistan
ALB: Albanian | Tirana
DZA: Algerian | Algiers
AND: Andorran | Andorra la Vella
AGO: Angolan | Luanda
ATG: Antiguan | St. John's
ARG: Argentine, Argentinian | Buenos Aires
ARM: Armenian | Yerevan
AUS: Australian | Canberra
AUT: Austrian | Vienna
AZE: Azerbaijani, Azeri | Baku
BHS: Bahamian | Nassau
BHR: Bahraini | Manama
BGD: Bangladeshi | Dhaka
BRB: Barbadian | Bridgetown
BLR: Belarusian | Minsk
BEL: Belgian | Brussels
BLZ: Belizean | Belmopan
BEN: Beninese | Porto-Novo
BTN: Bhutanese | Thimphu
BOL: Bolivian | La Paz, Sucre
BIH: Bosnian, Herzegovinian | Sarajevo | Bosnia
BWA: Botswanan, Motswana, Batswana | Gaborone
BRA: Brazilian | Brasilia
BRN: Bruneian | Bandar Seri Begawan
BGR: Bulgarian | Sofia
BFA: Burkinabe | Ouagadougou
BDI: Burundian | Gitega
CPV: Cape Verdean, Cabo Verdean | Praia | Cape Verde
KHM: Cambodian | Phnom Penh
CMR: Cameroonian | Yaounde
CAN: Canadian | Ottawa
CAF: Central African | Bangui | CAR
TCD: Chadian | N'Djamena
CHL: Chilean | Santiago
CHN: Chinese | Beijing | People's Republic of China, PRC
COL: Colombian | Bogota
COM: Comorian | Moroni
COG: Congolese | Brazzaville | Congo-Brazzaville, Republic of the Congo
COD: Congolese | Kinshasa | DRC, DR Congo, Democratic Republic of Congo, Democratic Republic of the Congo, Congo-Kinshasa
CRI: Costa Rican | San Jose
CIV: Ivorian | Yamoussoukro, Abidjan | Ivory Coast
HRV: Croatian, Croat | Zagreb
CUB: Cuban | Havana
CYP: Cypriot | Nicosia
CZE: Czech | Prague | Czech Republic
DNK: Danish, Dane | Copenhagen
DJI: Djiboutian | Djibouti City
DMA: Dominican | Roseau
DOM: Dominican | Santo Domingo
ECU: Ecuadorian | Quito
EGY: Egyptian | Cairo
SLV: Salvadoran | San Salvador
GNQ: Equatorial Guinean, Equatoguinean | Malabo
ERI: Eritrean | Asmara
EST: Estonian | Tallinn
SWZ: Swazi, Liswati | Mbabane | Swaziland
ETH: Ethiopian | Addis Ababa
FJI: Fijian | Suva
FIN: Finnish, Finn | Helsinki
FRA: French, Frenchman, Frenchmen | Paris
GAB: Gabonese | Libreville
GMB: Gambian | Banjul | The Gambia
GEO: Georgian | Tbilisi
DEU: German | Berlin
GHA: Ghanaian | Accra
GRC: Greek | Athens
GRD: Grenadian | St. George's
GTM: Guatemalan | Guatemala City
GIN: Guinean | Conakry
GNB: Bissau-Guinean | Bissau
GUY: Guyanese | Georgetown
HTI: Haitian | Port-au-Prince
HND: Honduran | Tegucigalpa
HUN: Hungarian | Budapest
ISL: Icelandic, Icelander | Reykjavik
IND: Indian | New Delhi
IDN: Indonesian | Jakarta
IRN: Iranian | Tehran | Islamic Republic of Iran, Persia
IRQ: Iraqi | Baghdad
IRL: Irish | Dublin
ISR: Israeli | Jerusalem
ITA: Italian | Rome
JAM: Jamaican | Kingston
JPN: Japanese | Tokyo
JOR: Jordanian | Amman
KAZ: Kazakh, Kazakhstani | Astana
KEN: Kenyan | Nairobi
KIR: I-Kiribati | Tarawa
PRK: North Korean | Pyongyang | DPRK
KOR: South Korean | Seoul
KWT: Kuwaiti | Kuwait City
KGZ: Kyrgyz, Kyrgyzstani | Bishkek
LAO: Lao, Laotian | Vientiane
LVA: Latvian | Riga
LBN: Lebanese | Beirut
LSO: Basotho, Mosotho | Maseru
LBR: Liberian | Monrovia
LBY: Libyan | Tripoli
LIE: Liechtensteiner | Vaduz
LTU: Lithuanian | Vilnius
LUX: Luxembourgish, Luxembourger | Luxembourg City
MDG: Malagasy | Antananarivo
MWI: Malawian | Lilongwe
MYS: Malaysian | Kuala Lumpur, Putrajaya
MDV: Maldivian | Male
MLI: Malian | Bamako
MLT: Maltese | Valletta
MHL: Marshallese | Majuro
MRT: Mauritanian | Nouakchott
MUS: Mauritian | Port Louis
MEX: Mexican | Mexico City
FSM: Micronesian | Palikir | Micronesia
MDA: Moldovan | Chisinau
MCO: Monegasque | Monaco
MNG: Mongolian | Ulaanbaatar, Ulan Bator
MNE: Montenegrin | Podgorica
MAR: Moroccan | Rabat
MOZ: Mozambican | Maputo
MMR: Myanmar, Burmese | Naypyidaw, Naypyitaw | Burma
NAM: Namibian | Windhoek
NRU: Nauruan | Yaren
NPL: Nepalese, Nepali | Kathmandu
NLD: Dutch, Dutchman, Dutchmen | Amsterdam, The Hague | Holland
NZL: New Zealander, Kiwi | Wellington
NIC: Nicaraguan | Managua
NER: Nigerien | Niamey
NGA: Nigerian | Abuja
MKD: Macedonian, North Macedonian | Skopje | Macedonia
NOR: Norwegian | Oslo
OMN: Omani | Muscat
PAK: Pakistani | Islamabad | Islamic Republic of Pakistan
PLW: Palauan | Ngerulmud
PSE: Palestinian | Ramallah | Palestinian territories, Palestinian Authority
PAN: Panamanian | Panama City
PNG: Papua New Guinean | Port Moresby
PRY: Paraguayan | Asuncion
PER: Peruvian | Lima
PHL: Filipino, Philippine, Filipina | Manila
POL: Polish, Pole | Warsaw
PRT: Portuguese | Lisbon
QAT: Qatari | Doha
ROU: Romanian | Bucharest
RUS: Russian | Moscow, Kremlin | Russian Federation, Russia
RWA: Rwandan | Kigali
KNA: Kittitian, Nevisian | Basseterre
LCA: Saint Lucian | Castries
VCT: Vincentian | Kingstown
WSM: Samoan | Apia
SMR: Sammarinese | San Marino
STP: Santomean | Sao Tome
SAU: Saudi, Saudi Arabian | Riyadh | Saudi, KSA
SEN: Senegalese | Dakar
SRB: Serbian, Serb | Belgrade
SYC: Seychellois | Victoria
SLE: Sierra Leonean | Freetown
SGP: Singaporean | Singapore
SVK: Slovak | Bratislava
SVN: Slovenian, Slovene | Ljubljana
SLB: Solomon Islander | Honiara
SOM: Somali, Somalian | Mogadishu
ZAF: South African | Pretoria, Cape Town
SSD: South Sudanese | Juba
ESP: Spanish, Spaniard | Madrid
LKA: Sri Lankan | Colombo, Sri Jayawardenepura Kotte
SDN: Sudanese | Khartoum
SUR: Surinamese | Paramaribo
SWE: Swedish, Swede | Stockholm
CHE: Swiss | Bern | Switzerland
SYR: Syrian | Damascus
TWN: Taiwanese | Taipei | Republic of China
TJK: Tajik, Tajikistani | Dushanbe
TZA: Tanzanian | Dodoma
THA: Thai | Bangkok
TLS: Timorese, East Timorese | Dili | East Timor
TGO: Togolese | Lome
TON: Tongan | Nuku'alofa
TTO: Trinidadian, Tobagonian | Port of Spain
TUN: Tunisian | Tunis
TUR: Turkish, Turk | Ankara | Turkey
TKM: Turkmen | Ashgabat
TUV: Tuvaluan | Funafuti
UGA: Ugandan | Kampala
UKR: Ukrainian | Kyiv, Kiev
ARE: Emirati | Abu Dhabi | UAE, U.A.E., Emirates
GBR: British, Briton, Englishman, Englishmen, Scottish, Scot, Welsh | London, Downing Street, Whitehall | Britain, Great Britain, UK, U.K., England, Scotland, Wales
USA: American | Washington, White House | United States, US, U.S., USA, U.S.A., America, United States of America
URY: Uruguayan | Montevideo
UZB: Uzbek, Uzbekistani | Tashkent
VUT: Ni-Vanuatu | Port Vila
VAT: Vatican | Vatican City | Holy See, Vatican
VEN: Venezuelan | Caracas
VNM: Vietnamese | Hanoi | Vietnam
YEM: Yemeni | Sanaa
ZMB: Zambian | Lusaka
ZWE: Zimbabwean | Harare
"""

# Capitals that name something else too often to stand for a government.
AMBIGUOUS = {"Victoria", "Kingston", "Georgetown", "San Jose", "Santiago", "Valletta"}


def load(root, name, key):
    with open(os.path.join(root, name), encoding="utf-8") as f:
        return json.load(f)[key]


def names_of(c):
    out = []
    for k in ("common_name", "name", "official_name"):
        v = c.get(k)
        if not v:
            continue
        if ", " in v:  # "Iran, Islamic Republic of" -> "Iran", "Islamic Republic of Iran"
            head, tail = v.split(", ", 1)
            out.append(head)
            if tail.endswith(" of") or tail.endswith(" of the"):
                out.append(tail + " " + head)
            continue
        if "(" in v:
            out.append(v.split(" (")[0])
        out.append(v)
    seen, res = set(), []
    for v in out:
        v = v.replace("|", " ").replace(":", " ").strip()
        if v and v.lower() not in seen:
            seen.add(v.lower())
            res.append(v)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso", default="/usr/share/iso-codes/json")
    ap.add_argument("--out", default="data")
    a = ap.parse_args()
    countries = load(a.iso, "iso_3166-1.json", "3166-1")
    subs = load(a.iso, "iso_3166-2.json", "3166-2")
    extra = {}
    for line in EXTRA.strip().splitlines():
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split("|")] + ["", ""]
        extra[code.strip()] = parts[:3]
    known = {c["alpha_3"] for c in countries}
    missing = set(extra) - known
    if missing:
        raise SystemExit("unknown ISO codes in EXTRA: %s" % sorted(missing))
    with open(os.path.join(a.out, "actors-countries-en.txt"), "w", encoding="utf-8") as f:
        f.write("# qasid actors: countries. Generated by tools/build_actors.py from Debian's\n"
                "# iso-codes (ISO 3166-1 names) and the project's tables of demonyms and\n"
                "# capitals: do not edit; change the script. Format: README.md,\n"
                "# \"Event coding: the pieces so far\".\n")
        n = 0
        for c in sorted(countries, key=lambda c: c["alpha_3"]):
            code = c["alpha_3"]
            dem, caps, more = extra.get(code, ["", "", ""])
            names = names_of(c) + [x.strip() for x in more.split(",") if x.strip()]
            names += [x.strip() for x in dem.split(",") if x.strip()]
            seen, uniq = set(), []
            for x in names:
                if x.lower() not in seen:
                    seen.add(x.lower())
                    uniq.append(x)
            f.write("%s : %s\n" % (code, " | ".join(uniq)))
            capitals = [x.strip() for x in caps.split(",") if x.strip() and x.strip() not in AMBIGUOUS]
            if capitals:
                f.write("%sGOV : %s\n" % (code, " | ".join(capitals)))
            n += 1
    first = [s for s in subs if "parent" not in s]
    with open(os.path.join(a.out, "places-en.txt"), "w", encoding="utf-8") as f:
        f.write("# qasid places: countries (ISO 3166-1) and first-level regions (ISO 3166-2\n"
                "# subdivisions without a parent). Generated by tools/build_actors.py from\n"
                "# Debian's iso-codes: do not edit. Lines: C<TAB>alpha-3<TAB>alpha-2<TAB>name|name...\n"
                "# and R<TAB>alpha-3<TAB>code<TAB>name<TAB>type.\n")
        a2 = {c["alpha_2"]: c["alpha_3"] for c in countries}
        for c in sorted(countries, key=lambda c: c["alpha_3"]):
            dem, caps, more = extra.get(c["alpha_3"], ["", "", ""])
            names = names_of(c) + [x.strip() for x in more.split(",")
                                   if x.strip() and not x.strip().isupper()]
            f.write("C\t%s\t%s\t%s\n" % (c["alpha_3"], c["alpha_2"], "|".join(dict.fromkeys(names))))
        for s in sorted(first, key=lambda s: s["code"]):
            cc = s["code"].split("-")[0]
            if cc in a2:
                f.write("R\t%s\t%s\t%s\t%s\n" % (a2[cc], s["code"], s["name"], s["type"]))
    print("%d countries, %d regions" % (n, len(first)))


if __name__ == "__main__":
    main()
