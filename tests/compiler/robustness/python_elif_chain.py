# fmt: off
"""Issue 14: compiled.python() failed (SyntaxError: too many statically nested blocks) on a 300-deep if/elif
chain that runs fine in the kernel."""

from pyoombpf import u64


def prog(a: u64) -> u64:
    x: u64 = 0
    if a == 0:
        x = 7
    elif a == 1:
        x = a * 4
    elif a == 2:
        x = a * 5
    elif a == 3:
        x = a * 6
    elif a == 4:
        x = a * 7
    elif a == 5:
        x = a * 8
    elif a == 6:
        x = a * 9
    elif a == 7:
        x = a * 10
    elif a == 8:
        x = a * 11
    elif a == 9:
        x = a * 12
    elif a == 10:
        x = a * 13
    elif a == 11:
        x = a * 14
    elif a == 12:
        x = a * 15
    elif a == 13:
        x = a * 16
    elif a == 14:
        x = a * 17
    elif a == 15:
        x = a * 18
    elif a == 16:
        x = a * 19
    elif a == 17:
        x = a * 20
    elif a == 18:
        x = a * 21
    elif a == 19:
        x = a * 22
    elif a == 20:
        x = a * 23
    elif a == 21:
        x = a * 24
    elif a == 22:
        x = a * 25
    elif a == 23:
        x = a * 26
    elif a == 24:
        x = a * 27
    elif a == 25:
        x = a * 28
    elif a == 26:
        x = a * 29
    elif a == 27:
        x = a * 30
    elif a == 28:
        x = a * 31
    elif a == 29:
        x = a * 32
    elif a == 30:
        x = a * 33
    elif a == 31:
        x = a * 34
    elif a == 32:
        x = a * 35
    elif a == 33:
        x = a * 36
    elif a == 34:
        x = a * 37
    elif a == 35:
        x = a * 38
    elif a == 36:
        x = a * 39
    elif a == 37:
        x = a * 40
    elif a == 38:
        x = a * 41
    elif a == 39:
        x = a * 42
    elif a == 40:
        x = a * 43
    elif a == 41:
        x = a * 44
    elif a == 42:
        x = a * 45
    elif a == 43:
        x = a * 46
    elif a == 44:
        x = a * 47
    elif a == 45:
        x = a * 48
    elif a == 46:
        x = a * 49
    elif a == 47:
        x = a * 50
    elif a == 48:
        x = a * 51
    elif a == 49:
        x = a * 52
    elif a == 50:
        x = a * 53
    elif a == 51:
        x = a * 54
    elif a == 52:
        x = a * 55
    elif a == 53:
        x = a * 56
    elif a == 54:
        x = a * 57
    elif a == 55:
        x = a * 58
    elif a == 56:
        x = a * 59
    elif a == 57:
        x = a * 60
    elif a == 58:
        x = a * 61
    elif a == 59:
        x = a * 62
    elif a == 60:
        x = a * 63
    elif a == 61:
        x = a * 64
    elif a == 62:
        x = a * 65
    elif a == 63:
        x = a * 66
    elif a == 64:
        x = a * 67
    elif a == 65:
        x = a * 68
    elif a == 66:
        x = a * 69
    elif a == 67:
        x = a * 70
    elif a == 68:
        x = a * 71
    elif a == 69:
        x = a * 72
    elif a == 70:
        x = a * 73
    elif a == 71:
        x = a * 74
    elif a == 72:
        x = a * 75
    elif a == 73:
        x = a * 76
    elif a == 74:
        x = a * 77
    elif a == 75:
        x = a * 78
    elif a == 76:
        x = a * 79
    elif a == 77:
        x = a * 80
    elif a == 78:
        x = a * 81
    elif a == 79:
        x = a * 82
    elif a == 80:
        x = a * 83
    elif a == 81:
        x = a * 84
    elif a == 82:
        x = a * 85
    elif a == 83:
        x = a * 86
    elif a == 84:
        x = a * 87
    elif a == 85:
        x = a * 88
    elif a == 86:
        x = a * 89
    elif a == 87:
        x = a * 90
    elif a == 88:
        x = a * 91
    elif a == 89:
        x = a * 92
    elif a == 90:
        x = a * 93
    elif a == 91:
        x = a * 94
    elif a == 92:
        x = a * 95
    elif a == 93:
        x = a * 96
    elif a == 94:
        x = a * 97
    elif a == 95:
        x = a * 98
    elif a == 96:
        x = a * 99
    elif a == 97:
        x = a * 100
    elif a == 98:
        x = a * 101
    elif a == 99:
        x = a * 102
    elif a == 100:
        x = a * 103
    elif a == 101:
        x = a * 104
    elif a == 102:
        x = a * 105
    elif a == 103:
        x = a * 106
    elif a == 104:
        x = a * 107
    elif a == 105:
        x = a * 108
    elif a == 106:
        x = a * 109
    elif a == 107:
        x = a * 110
    elif a == 108:
        x = a * 111
    elif a == 109:
        x = a * 112
    elif a == 110:
        x = a * 113
    elif a == 111:
        x = a * 114
    elif a == 112:
        x = a * 115
    elif a == 113:
        x = a * 116
    elif a == 114:
        x = a * 117
    elif a == 115:
        x = a * 118
    elif a == 116:
        x = a * 119
    elif a == 117:
        x = a * 120
    elif a == 118:
        x = a * 121
    elif a == 119:
        x = a * 122
    elif a == 120:
        x = a * 123
    elif a == 121:
        x = a * 124
    elif a == 122:
        x = a * 125
    elif a == 123:
        x = a * 126
    elif a == 124:
        x = a * 127
    elif a == 125:
        x = a * 128
    elif a == 126:
        x = a * 129
    elif a == 127:
        x = a * 130
    elif a == 128:
        x = a * 131
    elif a == 129:
        x = a * 132
    elif a == 130:
        x = a * 133
    elif a == 131:
        x = a * 134
    elif a == 132:
        x = a * 135
    elif a == 133:
        x = a * 136
    elif a == 134:
        x = a * 137
    elif a == 135:
        x = a * 138
    elif a == 136:
        x = a * 139
    elif a == 137:
        x = a * 140
    elif a == 138:
        x = a * 141
    elif a == 139:
        x = a * 142
    elif a == 140:
        x = a * 143
    elif a == 141:
        x = a * 144
    elif a == 142:
        x = a * 145
    elif a == 143:
        x = a * 146
    elif a == 144:
        x = a * 147
    elif a == 145:
        x = a * 148
    elif a == 146:
        x = a * 149
    elif a == 147:
        x = a * 150
    elif a == 148:
        x = a * 151
    elif a == 149:
        x = a * 152
    elif a == 150:
        x = a * 153
    elif a == 151:
        x = a * 154
    elif a == 152:
        x = a * 155
    elif a == 153:
        x = a * 156
    elif a == 154:
        x = a * 157
    elif a == 155:
        x = a * 158
    elif a == 156:
        x = a * 159
    elif a == 157:
        x = a * 160
    elif a == 158:
        x = a * 161
    elif a == 159:
        x = a * 162
    elif a == 160:
        x = a * 163
    elif a == 161:
        x = a * 164
    elif a == 162:
        x = a * 165
    elif a == 163:
        x = a * 166
    elif a == 164:
        x = a * 167
    elif a == 165:
        x = a * 168
    elif a == 166:
        x = a * 169
    elif a == 167:
        x = a * 170
    elif a == 168:
        x = a * 171
    elif a == 169:
        x = a * 172
    elif a == 170:
        x = a * 173
    elif a == 171:
        x = a * 174
    elif a == 172:
        x = a * 175
    elif a == 173:
        x = a * 176
    elif a == 174:
        x = a * 177
    elif a == 175:
        x = a * 178
    elif a == 176:
        x = a * 179
    elif a == 177:
        x = a * 180
    elif a == 178:
        x = a * 181
    elif a == 179:
        x = a * 182
    elif a == 180:
        x = a * 183
    elif a == 181:
        x = a * 184
    elif a == 182:
        x = a * 185
    elif a == 183:
        x = a * 186
    elif a == 184:
        x = a * 187
    elif a == 185:
        x = a * 188
    elif a == 186:
        x = a * 189
    elif a == 187:
        x = a * 190
    elif a == 188:
        x = a * 191
    elif a == 189:
        x = a * 192
    elif a == 190:
        x = a * 193
    elif a == 191:
        x = a * 194
    elif a == 192:
        x = a * 195
    elif a == 193:
        x = a * 196
    elif a == 194:
        x = a * 197
    elif a == 195:
        x = a * 198
    elif a == 196:
        x = a * 199
    elif a == 197:
        x = a * 200
    elif a == 198:
        x = a * 201
    elif a == 199:
        x = a * 202
    elif a == 200:
        x = a * 203
    elif a == 201:
        x = a * 204
    elif a == 202:
        x = a * 205
    elif a == 203:
        x = a * 206
    elif a == 204:
        x = a * 207
    elif a == 205:
        x = a * 208
    elif a == 206:
        x = a * 209
    elif a == 207:
        x = a * 210
    elif a == 208:
        x = a * 211
    elif a == 209:
        x = a * 212
    elif a == 210:
        x = a * 213
    elif a == 211:
        x = a * 214
    elif a == 212:
        x = a * 215
    elif a == 213:
        x = a * 216
    elif a == 214:
        x = a * 217
    elif a == 215:
        x = a * 218
    elif a == 216:
        x = a * 219
    elif a == 217:
        x = a * 220
    elif a == 218:
        x = a * 221
    elif a == 219:
        x = a * 222
    elif a == 220:
        x = a * 223
    elif a == 221:
        x = a * 224
    elif a == 222:
        x = a * 225
    elif a == 223:
        x = a * 226
    elif a == 224:
        x = a * 227
    elif a == 225:
        x = a * 228
    elif a == 226:
        x = a * 229
    elif a == 227:
        x = a * 230
    elif a == 228:
        x = a * 231
    elif a == 229:
        x = a * 232
    elif a == 230:
        x = a * 233
    elif a == 231:
        x = a * 234
    elif a == 232:
        x = a * 235
    elif a == 233:
        x = a * 236
    elif a == 234:
        x = a * 237
    elif a == 235:
        x = a * 238
    elif a == 236:
        x = a * 239
    elif a == 237:
        x = a * 240
    elif a == 238:
        x = a * 241
    elif a == 239:
        x = a * 242
    elif a == 240:
        x = a * 243
    elif a == 241:
        x = a * 244
    elif a == 242:
        x = a * 245
    elif a == 243:
        x = a * 246
    elif a == 244:
        x = a * 247
    elif a == 245:
        x = a * 248
    elif a == 246:
        x = a * 249
    elif a == 247:
        x = a * 250
    elif a == 248:
        x = a * 251
    elif a == 249:
        x = a * 252
    elif a == 250:
        x = a * 253
    elif a == 251:
        x = a * 254
    elif a == 252:
        x = a * 255
    elif a == 253:
        x = a * 256
    elif a == 254:
        x = a * 257
    elif a == 255:
        x = a * 258
    elif a == 256:
        x = a * 259
    elif a == 257:
        x = a * 260
    elif a == 258:
        x = a * 261
    elif a == 259:
        x = a * 262
    elif a == 260:
        x = a * 263
    elif a == 261:
        x = a * 264
    elif a == 262:
        x = a * 265
    elif a == 263:
        x = a * 266
    elif a == 264:
        x = a * 267
    elif a == 265:
        x = a * 268
    elif a == 266:
        x = a * 269
    elif a == 267:
        x = a * 270
    elif a == 268:
        x = a * 271
    elif a == 269:
        x = a * 272
    elif a == 270:
        x = a * 273
    elif a == 271:
        x = a * 274
    elif a == 272:
        x = a * 275
    elif a == 273:
        x = a * 276
    elif a == 274:
        x = a * 277
    elif a == 275:
        x = a * 278
    elif a == 276:
        x = a * 279
    elif a == 277:
        x = a * 280
    elif a == 278:
        x = a * 281
    elif a == 279:
        x = a * 282
    elif a == 280:
        x = a * 283
    elif a == 281:
        x = a * 284
    elif a == 282:
        x = a * 285
    elif a == 283:
        x = a * 286
    elif a == 284:
        x = a * 287
    elif a == 285:
        x = a * 288
    elif a == 286:
        x = a * 289
    elif a == 287:
        x = a * 290
    elif a == 288:
        x = a * 291
    elif a == 289:
        x = a * 292
    elif a == 290:
        x = a * 293
    elif a == 291:
        x = a * 294
    elif a == 292:
        x = a * 295
    elif a == 293:
        x = a * 296
    elif a == 294:
        x = a * 297
    elif a == 295:
        x = a * 298
    elif a == 296:
        x = a * 299
    elif a == 297:
        x = a * 300
    elif a == 298:
        x = a * 301
    elif a == 299:
        x = a * 302
    else:
        x = a + 1
    return x


TARGET = prog
ARGS = [(0,), (1,), (150,), (299,), (300,), (2**64 - 1,)]
